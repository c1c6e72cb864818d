from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ..extensions import db
from ..services import notifications
from . import bp


@bp.get("/")
def index():
    page = db.paginate(notifications.for_user(current_user), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False, max_per_page=100)
    return render_template("inbox/index.html", page=page, read_form=FlaskForm(), render=notifications.render)


@bp.post("/read")
def mark_read():
    if FlaskForm().validate_on_submit():
        notifications.mark_all_read(current_user)
        db.session.commit()
        flash(_("All notifications are marked as read."))
    return redirect(url_for("inbox.index", page=request.args.get("page", type=int) or None))
