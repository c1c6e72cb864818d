"""Form pieces every role's forms share: login, password and place fields with their rules."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import get_translations, lazy_ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from . import locations
from .passwords import MAX_LENGTH, MIN_LENGTH, is_common

PHONE_RE = re.compile(r"^0(3|5|7|8|9)\d{8}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def valid_phone(_form, field) -> None:
    if not PHONE_RE.match(normalise_phone(field.data or "")):
        raise ValidationError(_l("Enter a Vietnamese mobile number of 10 digits, e.g. 0912 345 678."))


def valid_login(_form, field) -> None:
    value = (field.data or "").strip()
    if "@" in value:
        if not EMAIL_RE.match(value):
            raise ValidationError(_l("Enter a valid e-mail address."))
    elif not PHONE_RE.match(normalise_phone(value)):
        raise ValidationError(_l("Enter your phone number (10 digits) or your e-mail address."))


# Dates a search or a report may name. Day 1 of year 1 or the last day of 9999, made a UTC
# instant or moved by a day, leave date's range (a server error, not a refusal).
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def plausible_day(_form, field) -> None:
    if field.data is not None and not EARLIEST_DAY <= field.data <= LATEST_DAY:
        raise ValidationError(_l("Not a valid date."))


def strong_password(_form, field) -> None:
    value = field.data or ""
    if len(value) < MIN_LENGTH:
        raise ValidationError(_l("Use at least %(n)s characters.", n=MIN_LENGTH))
    if len(value) > MAX_LENGTH:
        raise ValidationError(_l("Use at most %(n)s characters.", n=MAX_LENGTH))
    if is_common(value):
        raise ValidationError(_l("This password is too common. Choose another one."))


def LoginField(label=None) -> StringField:
    return StringField(label or _l("Phone or e-mail"), validators=[DataRequired(), Length(max=254), valid_login],
                       render_kw={"autocomplete": "username"})


def NewPasswordField(label=None) -> PasswordField:
    return PasswordField(label or _l("Password"), validators=[DataRequired(), strong_password],
                         description=_l("At least 8 characters. A short sentence is easy to remember."),
                         render_kw={"autocomplete": "new-password"})


def ConfirmPasswordField() -> PasswordField:
    """The new password typed again; it must equal the field named "password"."""
    return PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class _CatalogueTranslations:
    """WTForms ships no Vietnamese; its own messages go through our catalogue instead."""

    # Straight to the catalogue: WTForms fills the %(min)s placeholders itself afterwards.
    def gettext(self, string):
        return get_translations().gettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ngettext(singular, plural, n)


def _drop_nul(value):
    # PostgreSQL text cannot hold NUL: a typed or pasted "\x00" would fail the query (a 500).
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_drop_nul(v) for v in value]
    return value


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters") or ()
            return unbound_field.bind(form=form, filters=(_drop_nul, *filters), **options)


def _to_int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class PlaceForm(BaseForm):
    """A province and one of its communes, both checked against the 2025 list [SECURITY 15].

    Without JavaScript the person picks the province and presses "Show communes"; the page comes
    back with that province's communes and nothing typed is lost.
    """

    province = SelectField(_l("Province / city"), coerce=_to_int, validate_choice=False,
                           validators=[DataRequired(_l("Choose a province."))])
    ward = SelectField(_l("Commune / ward"), coerce=_to_int, validate_choice=False,
                       validators=[DataRequired(_l("Choose a commune."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province.choices = [("", _l("— choose —"))] + list(locations.provinces())
        if self.ward is not None:
            self.ward.choices = [("", _l("— choose —"))] + list(locations.wards_of(self.province.data))

    def validate_province(self, field) -> None:
        if locations.province_name(field.data) == "":
            raise ValidationError(_l("Choose a province from the list."))

    def validate_ward(self, field) -> None:
        if not locations.is_valid_pair(self.province.data, field.data):
            raise ValidationError(_l("Choose a commune of the chosen province."))


# WTForms' own messages, marked here so that extraction puts them in our catalogue.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Not a valid integer value."),
    _l("Not a valid date value."),
    _l("Not a valid decimal value."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    lazy_ngettext("Field must be at least %(min)d character long.",
                  "Field must be at least %(min)d characters long.", 2),
    lazy_ngettext("Field cannot be longer than %(max)d character.",
                  "Field cannot be longer than %(max)d characters.", 2),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Invalid email address."),
    _l("Invalid input."),
)
