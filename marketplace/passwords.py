"""Password hashing (argon2id) and the password policy [SECURITY 1, 2]."""
from __future__ import annotations

import secrets
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 8
MAX_LENGTH = 128


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def dummy_hash() -> str:
    """A hash of nothing anyone knows, made with the current parameters, checked when a login
    names no account so that both answers take as long."""
    cfg = current_app.config
    key = (cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"], cfg["ARGON2_PARALLELISM"])
    if key not in _DUMMY:
        _DUMMY[key] = _hasher().hash(secrets.token_urlsafe(16))
    return _DUMMY[key]


_DUMMY: dict[tuple, str] = {}


def verify_password(stored_hash: str, password: str) -> tuple[bool, str | None]:
    """Check a password; when the hash's parameters are outdated also return a fresh hash."""
    hasher = _hasher()
    try:
        hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False, None
    return True, (hasher.hash(password) if hasher.check_needs_rehash(stored_hash) else None)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("marketplace").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def is_common(password: str) -> bool:
    return password.strip().lower() in common_passwords()
