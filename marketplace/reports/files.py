"""The programme report as a spreadsheet: one sheet per part for XLSX, every row in one table for
CSV. Built under the Vietnamese locale by the caller, so headers and labels are Vietnamese."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..labels import coded
from ..models.referrals import RETENTION_DAYS
from ..services.reports import Report
from ..services.tabular import Sheet


def _rows(report: Report) -> list[tuple[str, list[list]]]:
    """(part, rows of [item, measure, this period, previous period])."""
    indicators = [[str(i.label), "", i.figure.current, i.figure.previous] for i in report.indicators]
    placements = [[str(i.label), "", i.figure.current, i.figure.previous] for i in report.placements]
    support = [[coded("support_kind", kind), str(_l("Times given")), f.current, f.previous]
               for kind, f in report.support]
    parts = [(str(_l("Indicators")), indicators), (str(_l("Placements")), placements),
             (str(_l("Support by kind")), support)]
    for title, rows in ((_l("By sector"), report.by_sector), (_l("By employer"), report.by_employer)):
        lines = []
        for row in rows:
            measures = [(_l("Referrals sent"), row.sent), (_l("Hired"), row.hired)] + [
                (_l("Still working after %(d)s days", d=d), row.retained[d]) for d in RETENTION_DAYS]
            lines += [[row.name, str(name), f.current, f.previous] for name, f in measures]
        parts.append((str(title), lines))
    return parts


def _header() -> list[str]:
    return [str(_l("Item")), str(_l("Measure")), str(_l("This period")),
            str(_l("Previous period"))]


def sheets(report: Report) -> list[Sheet]:
    """For XLSX: a sheet per part, and one that says which period and area it covers."""
    found = [Sheet(title, _header(), rows) for title, rows in _rows(report)]
    found.append(Sheet(str(_l("About this report")), [str(_l("Item")), str(_l("Value"))], [
        [str(_l("Period")), report.period.label()], [str(_l("Previous period")), report.previous.label()],
        [str(_l("Area")), report.area_label],
        [str(_l("From")), report.period.start], [str(_l("To")), report.period.end]]))
    return found


def one_sheet(report: Report) -> Sheet:
    """For CSV: every row, with the part it belongs to in the first column."""
    rows = [[title, *row] for title, part in _rows(report) for row in part]
    return Sheet(str(_l("Programme report")), [str(_l("Part")), *_header()], rows)
