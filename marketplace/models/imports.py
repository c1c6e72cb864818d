"""Caseload lists imported from Excel or CSV: the upload waiting for confirmation, then its record."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._common import one_of, utcnow

IMPORT_STATUSES = ("pending", "done")


class CaseloadImport(db.Model):
    """One uploaded list. While `pending` it holds the parsed table (never the cookie session) and
    nothing else is written; once confirmed it keeps who, when, which file and the counts."""

    __tablename__ = "caseload_imports"
    __table_args__ = (one_of("status", IMPORT_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The preview's address: unguessable, and only its uploader may open it.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[datetime | None]
    rows: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    # The parsed table while pending; emptied once the import is confirmed.
    payload: Mapped[dict | None] = mapped_column(JSON)
