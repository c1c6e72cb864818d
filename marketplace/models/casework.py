"""The care team ("5+1") around a person: the lead caseworker's partners and the family."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import one_of, utcnow
from .users import AGENCIES

if TYPE_CHECKING:
    from .candidates import CandidateProfile
    from .users import User

# Who a member is: one of the agencies, or the family contact.
MEMBER_KINDS = AGENCIES + ("family",)


class CareTeamMember(db.Model):
    """One member of a person's care team. A member who is a user of the product (`user_id`)
    sees the person even outside their own communes; a family contact has a name and a phone."""

    __tablename__ = "care_team_members"
    __table_args__ = (
        one_of("kind", MEMBER_KINDS),
        UniqueConstraint("candidate_id", "user_id"),
        CheckConstraint("user_id IS NOT NULL OR full_name <> ''", name="member_named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    full_name: Mapped[str] = mapped_column(String(120), default="")
    relation: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str | None] = mapped_column(String(16))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[CandidateProfile] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    @property
    def name(self) -> str:
        return self.user.full_name if self.user is not None else self.full_name
