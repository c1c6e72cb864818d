"""The programme report (page, print, XLSX, CSV) and the caseload and referral exports."""
from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, clock
from ..extensions import db
from ..labels import coded
from ..services import exports, reports, tabular
from ..services.areas import AreaError
from . import bp, charts, files
from .forms import ExportForm, ReportForm


def _download(fmt: str, name: str, body: bytes) -> Response:
    return Response(body, mimetype=tabular.FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def _charts(report: reports.Report) -> dict:
    funnel = [(str(reports.LABELS[i.key]), [i.figure.current]) for i in report.placements[1:]]
    return {
        "months": charts.columns("chart-months", _("Placements over time"), [
            (f"{m:%m/%y}", [sent, hired]) for m, sent, hired in report.months], [_("Referrals sent"), _("Hired")]),
        "funnel": charts.bars("chart-funnel", _("Retention of the people hired in the period"), funnel,
                              [report.period.label()]),
        "support": charts.bars("chart-support", _("Support by kind"), [
            (coded("support_kind", kind), [f.current, f.previous]) for kind, f in report.support],
            [report.period.label(), report.previous.label()]),
    }


@bp.get("/")
def programme():
    """The report for a period and an area; ?format=xlsx or csv downloads it (audited)."""
    form = ReportForm(request.args, actor=current_user)
    fmt = request.args.get("format")
    if fmt not in (None, "", *tabular.FORMATS) or not form.validate():
        return render_template("reports/programme.html", form=form, report=None), 400
    try:
        report = reports.build(current_user, form.chosen, form.area())
    except AreaError as error:
        form.ward.errors = [error.message]
        return render_template("reports/programme.html", form=form, report=None), 400
    if fmt:
        with force_locale("vi"):
            body = tabular.to_xlsx(files.sheets(report)) if fmt == "xlsx" else tabular.to_csv(files.one_sheet(report))
        audit.record("export_report", "programme_report", purpose="report",
                     row_count=len(report.indicators) + len(report.placements))
        db.session.commit()
        return _download(fmt, f"bao-cao-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}", body)
    return render_template("reports/programme.html", form=form, report=report,
                           charts=_charts(report))


@bp.route("/exports", methods=["GET", "POST"])
def export():
    """Download the caseload or the referrals of an area, for a purpose; every download is
    audited with its purpose and how many rows it carried."""
    form = ExportForm(actor=current_user)
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("reports/exports.html", form=form), 400 if request.method == "POST" else 200
    try:
        with force_locale("vi"):
            made = exports.build(current_user, form.kind.data, form.area(), form.purpose.data)
            body = tabular.render(form.format.data, [made.sheet])
    except (AreaError, exports.ExportError) as error:
        form.ward.errors = [error.message]
        return render_template("reports/exports.html", form=form), 400
    audit.record(f"export_{form.kind.data}", form.kind.data,
                 categories=("profile", "contact") + (("conviction",) if made.conviction else ()),
                 purpose=form.purpose.data, row_count=made.row_count)
    db.session.commit()
    return _download(form.format.data, f"{form.kind.data}-{clock.today():%Y%m%d}", body)
