"""Matching library for Lối Về: eligibility, learned ranking, explanations,
seat-respecting plans, fairness audit and offline evaluation.

Uses only the standard library, numpy, scipy and scikit-learn; it never
imports the web app.
"""
from . import reasons, taxonomy
from .fairness import AGE_GROUPS, AuditReport, AuditRow, age_group, audit
from .evaluate import EvalResult, EvalRow, IpsRow, LoggedList, evaluate, format_table, ips_estimate, ndcg_at
from .index import CandidateIndex, PositionIndex
from .planning import plan
from .ranker import VERSION, Ranker
from .synthetic import make_world
from .taxonomy import (EDUCATION_LEVELS, OFFENCE_CATEGORIES, PHYSICAL_LEVELS, POSITION_KINDS,
                       SECTOR_SKILLS, SECTORS, SHIFTS, SKILLS)
from .types import Assignment, Candidate, Match, Outcome, Params, Position, Reason

__version__ = VERSION

__all__ = [
    "Candidate", "Position", "Outcome", "Match", "Reason", "Params", "Assignment", "Ranker",
    "PositionIndex", "CandidateIndex", "plan", "audit", "AuditReport", "AuditRow", "age_group",
    "AGE_GROUPS", "evaluate", "format_table", "EvalResult", "EvalRow", "ndcg_at",
    "LoggedList", "IpsRow", "ips_estimate", "make_world",
    "reasons", "taxonomy", "SKILLS", "SECTORS", "OFFENCE_CATEGORIES", "SHIFTS",
    "EDUCATION_LEVELS", "PHYSICAL_LEVELS", "POSITION_KINDS", "SECTOR_SKILLS", "VERSION",
]
