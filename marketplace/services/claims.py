"""One-time codes that let a person claim the profile a caseworker made for them.

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), valid 7 days, single
use, stored only as its SHA-256 hash; issuing a new code replaces the old one.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from ..models import CandidateProfile, User
from .. import clock

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
VALID_FOR = timedelta(days=7)


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode("utf-8")).hexdigest()


def issue_claim_code(actor: User, profile: CandidateProfile) -> str:
    """A fresh code for `profile` (the previous one stops working); returns the code in clear,
    to be printed once on the slip."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    profile.claim_code_hash = hash_code(code)
    profile.claim_code_expires_at = clock.now() + VALID_FOR
    return code
