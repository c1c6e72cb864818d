"""Telling people what happened: an in-app notification and one outbox row per message.

The outbox holds what an SMS, Zalo or e-mail sender will deliver; senders are looked up by name
from configuration (`OUTBOX_SENDER`), so adding one never touches the pipeline. The text of every
message is made from its template code and parameters in the recipient's language when shown.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from .. import clock
from ..extensions import db
from ..labels import coded
from ..models import Notification, OutboxMessage, User

log = logging.getLogger(__name__)

# Each template: its text, with named placeholders filled from the params.
TEMPLATES = {
    "referral_proposed": _l("%(candidate)s is interested in %(position)s (%(employer)s)."),
    "referral_approved": _l("Your referral to %(position)s (%(employer)s) was approved."),
    "referral_sent": _l("%(candidate)s was referred to %(position)s (%(employer)s)."),
    "referral_interview": _l("Interview for %(position)s (%(employer)s) on %(date)s."),
    "referral_hired": _l("%(candidate)s was hired at %(employer)s (%(position)s), starting %(date)s."),
    "referral_declined": _l("The referral of %(candidate)s to %(position)s ended: %(reason)s."),
    "referral_withdrawn": _l("The referral of %(candidate)s to %(position)s was withdrawn."),
    "referral_left": _l("%(candidate)s has left %(employer)s (%(position)s). Please follow up."),
    "employer_verified": _l("%(employer)s is verified by the programme: you can publish positions."),
    "employer_refused": _l("The programme did not verify %(employer)s: %(why)s"),
    "employer_suspended": _l("%(employer)s is suspended by the programme: its positions are hidden "
                             "and its referrals on hold."),
    "employer_reinstated": _l("%(employer)s is active again: its positions and referrals go on."),
    "referral_on_hold": _l("The referral of %(candidate)s to %(position)s is on hold: %(employer)s "
                           "is suspended by the programme."),
    "referral_resumed": _l("The referral of %(candidate)s to %(position)s can go on: %(employer)s "
                           "is active again."),
    "record_expunged": _l("Your conviction record is expunged as of %(date)s: in law you have no "
                          "record. You can ask for a judicial-record certificate that says so."),
    "signup_code": _l("Lối Về: your code is %(code)s. It works for 10 minutes. Never give it to anyone."),
    "signup_attempt_on_taken_number": _l("Someone tried to sign up to Lối Về with your number. If it "
                                         "was you, log in instead. If not, you need do nothing."),
    "data_request": _l("%(candidate)s asks you to correct or delete some of their data."),
}
# Parameters that are codes, shown through their labels in the reader's language.
CODED_PARAMS = {"reason": "decline_reason"}


def render(template: str, params: dict) -> str:
    """A message's text in the current locale."""
    message = TEMPLATES.get(template)
    if message is None:
        return template
    shown = {k: coded(CODED_PARAMS[k], v) if k in CODED_PARAMS else v for k, v in params.items()}
    try:
        return str(message) % shown
    except (KeyError, TypeError, ValueError):
        return str(message)


def notify(recipients: Iterable[User], template: str, params: dict,
           referral_id: int | None = None) -> int:
    """Write one in-app notification and one outbox row per recipient; returns how many."""
    made = 0
    for user in {u.id: u for u in recipients if u is not None and u.active}.values():
        db.session.add(Notification(recipient_id=user.id, template=template, params=params,
                                    referral_id=referral_id))
        channel, address = ("sms", user.phone) if user.phone else ("email", user.email or "")
        db.session.add(OutboxMessage(recipient_id=user.id, address=address, channel=channel,
                                     template=template, params=params, language=user.locale))
        made += 1
    return made


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Notification)
        .where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
    ) or 0


def for_user(user: User) -> select:
    return (select(Notification).where(Notification.recipient_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
    )
    return result.rowcount


# --- delivery ------------------------------------------------------------------------------------

class Sender(Protocol):
    def send(self, message: OutboxMessage, text: str) -> None:
        """Deliver one message or raise."""


class ConsoleSender:
    """Development: 'sends' by writing the message to the log."""

    def send(self, message: OutboxMessage, text: str) -> None:
        log.info("outbox %s to %s via %s: %s", message.id, message.address, message.channel, text)


SENDERS: dict[str, type] = {"console": ConsoleSender}
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Delivery:
    sent: int
    failed: int


def deliver_pending(sender: Sender, limit: int = 500) -> Delivery:
    """Hand pending outbox rows to `sender`; a row that fails is retried up to MAX_ATTEMPTS times."""
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == "pending")
        .order_by(OutboxMessage.id).limit(limit)
    ).all()
    sent = failed = 0
    for row in rows:
        with force_locale(row.language):
            text = render(row.template, row.params or {})
        row.attempts += 1
        try:
            sender.send(row, text)
        except Exception as exc:  # noqa: BLE001 - any sender failure is recorded and retried
            row.last_error = type(exc).__name__[:200]
            if row.attempts >= MAX_ATTEMPTS:
                row.status = "failed"
            failed += 1
            continue
        row.status, row.sent_at = "sent", clock.now()
        sent += 1
    db.session.flush()
    return Delivery(sent, failed)
