"""Importing a caseload list: upload, preview every row, confirm. For caseworkers (into the
communes they hold) and admins (anywhere); nothing is written before the confirmation."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy.exc import IntegrityError
from wtforms import SubmitField

from ..auth import guard_role
from ..database import commit_with_retries
from ..extensions import db
from ..fields import BaseForm
from ..services import imports
from ..services.imports import ImportFileError

bp = Blueprint("imports", __name__)
guard_role(bp, "admin", "caseworker")

PER_PAGE = 100
SHOW = ("all", "error", "create", "update", "unchanged")


class UploadForm(BaseForm):
    file = FileField(_l("The list (Excel .xlsx or CSV)"),
                     validators=[FileRequired(_l("Choose the file to upload."))],
                     render_kw={"accept": ".xlsx,.csv"})
    submit = SubmitField(_l("Upload and preview"))


class ConfirmImportForm(BaseForm):
    submit = SubmitField(_l("Import these people"))


@dataclass
class RowPage:
    """One page of the preview's rows, shaped for the pager macro."""

    items: list
    page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


def _me():
    return current_user._get_current_object()


@bp.route("/", methods=["GET", "POST"])
def upload():
    """The upload form, the template and the last imports."""
    form = UploadForm()
    status = 200
    if form.validate_on_submit():
        upload_file = form.file.data
        try:
            pending = imports.start(_me(), upload_file.filename or "", upload_file.read(imports.MAX_BYTES + 1))
        except ImportFileError as error:
            db.session.rollback()
            form.file.errors = [str(error.message)]
        else:
            db.session.commit()
            return redirect(url_for("imports.preview", token=pending.token))
    if form.errors:
        status = 400
    mine = [(i, u) for i, u in imports.last_imports(50) if current_user.role == "admin" or i.user_id == current_user.id]
    return render_template("imports/upload.html", form=form, last_imports=mine[:10]), status


@bp.get("/template.xlsx")
def template():
    return Response(imports.template_workbook(), headers={
        "Content-Disposition": "attachment; filename=mau-danh-sach.xlsx"},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/<token>")
def preview(token: str):
    """Every row as it would be imported: created, updated, unchanged or refused, with reasons."""
    pending = imports.find(_me(), token) or abort(404)
    if pending.status == "done":
        return redirect(url_for("imports.upload"))
    plan = imports.preview(_me(), pending)
    show = request.args.get("show", "all")
    show = show if show in SHOW else "all"
    page_number = request.args.get("page", 1, type=int) or 1
    rows = [r for r in plan.rows if show == "all" or r.action == show]
    page_number = min(max(1, page_number), max(1, -(-len(rows) // PER_PAGE)))
    page = RowPage(rows[(page_number - 1) * PER_PAGE:page_number * PER_PAGE], page_number, len(rows))
    return render_template("imports/preview.html", pending=pending, plan=plan, page=page, show=show,
                           confirm=ConfirmImportForm())


@bp.post("/<token>/confirm")
def confirm(token: str):
    pending = imports.find(_me(), token) or abort(404)
    if not ConfirmImportForm().validate_on_submit():
        abort(400)
    try:
        # Many people's rows in one transaction: a deadlock with another import is retried.
        done = commit_with_retries(
            lambda: imports.confirm(_me(), pending) if pending.status == "pending" else None)
        if done is None:  # a second press: the first one imported the list
            return redirect(url_for("caseworker.home" if current_user.role == "caseworker" else "imports.upload"))
    except IntegrityError:
        # Someone recorded one of these citizen IDs between the plan and the write: nothing was
        # saved; the preview, planned again, shows the person as found.
        db.session.rollback()
        flash(_("Someone changed one of these people meanwhile; nothing was saved. Check the preview "
                "again and confirm."), "error")
        return redirect(url_for("imports.preview", token=token))
    flash(_("Imported from %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(errors)s rows left out with errors.", file=done.file_name, created=done.created,
            updated=done.updated, unchanged=done.unchanged, errors=done.errors), "success")
    if current_user.role == "caseworker":
        return redirect(url_for("caseworker.home"))
    return redirect(url_for("imports.upload"))
