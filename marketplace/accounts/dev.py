"""Development only: the outbox as a page, so sign-up codes can be read without a phone."""
from flask import abort, current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from ..models import OutboxMessage
from ..services.notifications import render
from . import bp

SHOWN = 50


def outbox_page_allowed() -> bool:
    """Only when the app runs in debug or demo mode; anywhere else the page does not exist."""
    return bool(current_app.debug or current_app.config.get("DEMO_MODE"))


@bp.get("/dev/outbox")
def dev_outbox():
    if not outbox_page_allowed():
        abort(404)
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(SHOWN)).all()
    messages = []
    for row in rows:
        with force_locale(row.language):
            messages.append((row, render(row.template, row.params or {})))
    return render_template("accounts/dev_outbox.html", messages=messages)
