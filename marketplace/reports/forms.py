"""The report's and the exports' choices: a period, an area, what to export and why."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import Optional, ValidationError

from .. import clock, locations
from ..fields import BaseForm, _to_int, plausible_day
from ..models import User
from ..services import exports, periods
from ..services.areas import Area

PERIOD_CHOICES = [("month", _l("Month")), ("quarter", _l("Quarter")), ("half", _l("Half-year")),
                  ("year", _l("Year")), ("custom", _l("From one date to another"))]
FORMAT_CHOICES = [("xlsx", _l("Excel (XLSX)")), ("csv", _l("CSV"))]


def _listed_number(_form, field) -> None:
    """A choice that is not a number at all is refused, not read as "all"."""
    raw = (field.raw_data or [""])[0]
    if raw not in ("", None) and field.data is None:
        raise ValidationError(_l("Choose from the list."))


class AreaForm(BaseForm):
    """An admin picks all provinces, one province or one of its communes; a caseworker all their
    communes or one of them."""

    province = SelectField(_l("Province / city"), coerce=_to_int, validators=[Optional(), _listed_number])
    ward = SelectField(_l("Commune / ward"), coerce=_to_int, validators=[Optional(), _listed_number])

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if actor.role == "caseworker":
            del self.province
            self.ward.choices = [("", _l("All my communes"))] + [
                (a.ward_code, locations.place_label(a.province_code, a.ward_code)) for a in actor.caseworker.areas]
        else:
            self.province.choices = [("", _l("All provinces"))] + list(locations.provinces())
            self.ward.choices = [("", _l("The whole province"))] + list(locations.wards_of(self.province.data))

    def area(self) -> Area:
        province = self.province.data if "province" in self else None
        return Area(province, self.ward.data)


class ReportForm(AreaForm):
    class Meta:
        csrf = False  # a GET that changes nothing

    period = SelectField(_l("Period"), choices=PERIOD_CHOICES, default="month")
    year = IntegerField(_l("Year"), validators=[Optional()])
    part = IntegerField(_l("Which month, quarter or half (a number)"), validators=[Optional()],
                        description=_l("Month 1–12, quarter 1–4 or half 1–2; not used for a year."))
    start = DateField(_l("From"), validators=[Optional(), plausible_day])
    end = DateField(_l("To"), validators=[Optional(), plausible_day])

    def __init__(self, *args, **kwargs):
        today = clock.today()
        kwargs.setdefault("data", {"year": today.year, "part": today.month})
        super().__init__(*args, **kwargs)
        self.chosen: periods.Period | None = None

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.period.data == "custom":
            if self.start.data is None or self.end.data is None:
                self.end.errors.append(_l("Enter both dates."))
                return False
            try:
                self.chosen = periods.custom_period(self.start.data, self.end.data)
            except ValueError:
                self.end.errors.append(_l("The end must be on or after the start, at most 5 years later."))
                return False
            return True
        if self.year.data is None or not 2000 <= self.year.data <= 2100:
            self.year.errors.append(_l("Enter a year between 2000 and 2100."))
            return False
        try:
            part = 1 if self.period.data == "year" else self.part.data or 1
            self.chosen = periods.calendar_period(self.period.data, self.year.data, part)
        except ValueError:
            self.part.errors.append(_l("Month 1–12, quarter 1–4 or half 1–2."))
            return False
        return True


class ExportForm(AreaForm):
    """Posted with its CSRF token: an export is recorded in the audit log."""

    kind = SelectField(_l("What to export"), choices=[("caseload", _l("Caseload (people)")),
                                                      ("referrals", _l("Referrals"))], default="caseload")
    purpose = SelectField(_l("Purpose of the export"),
                          choices=[(k, p.label) for k, p in exports.PURPOSES.items()], default="casework",
                          description=_l("Conviction details are included only for a purpose that "
                                         "needs them. The purpose is recorded in the audit log."))
    format = SelectField(_l("File"), choices=FORMAT_CHOICES, default="xlsx")
