"""The programme's view of every company, and the incentives text it writes for them."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..extensions import db
from ..fields import BaseForm
from ..services import employers, texts
from . import bp


class IncentivesForm(BaseForm):
    body_vi = TextAreaField(_l("In Vietnamese"), validators=[DataRequired(), Length(max=10000)],
                            description=_l("Plain text; an empty line starts a new paragraph."))
    body_en = TextAreaField(_l("In English"), validators=[DataRequired(), Length(max=10000)])
    submit = SubmitField(_l("Save"))


@bp.get("/employers")
def employers_page():
    """Every company with its positions, hires, 90-day retention and declines for "record"."""
    return render_template("admin/employers.html", rows=employers.programme_figures())


@bp.route("/incentives", methods=["GET", "POST"])
def incentives():
    current = texts.get(texts.INCENTIVES)
    form = IncentivesForm(data={"body_vi": current.vi, "body_en": current.en})
    if form.validate_on_submit():
        texts.put(current_user, texts.INCENTIVES, form.body_vi.data, form.body_en.data)
        db.session.commit()
        flash(_("The incentives page is updated."), "success")
        return redirect(url_for("admin.incentives"))
    return render_template("admin/incentives.html", form=form)
