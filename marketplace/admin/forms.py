from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .. import locations
from ..converters import MAX_ID
from ..fields import BaseForm, LoginField, NewPasswordField, PlaceForm, plausible_day
from ..labels import AGENCY, agency_label
from ..services.accounts import login_taken

def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


AGENCY_LABELS = AGENCY


class _AreasForm(PlaceForm):
    """The communes of one province in a caseworker's care: checkboxes (a phone has no Ctrl key),
    filtered by a search box when JavaScript runs."""

    wards = SelectMultipleField(_l("Communes in their care"), coerce=_int_or_none, validate_choice=False,
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                description=_l("Tick every commune they look after."))
    ward = None  # a caseworker holds several communes, chosen in `wards`

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.wards.choices = list(locations.wards_of(self.province.data))
        agency = getattr(self, "agency", None)
        if agency is not None:  # named as people know them in the communes chosen
            chosen = [c for c in (self.wards.data or ()) if c is not None]
            agency.choices = [(code, agency_label(code, chosen)) for code in AGENCY]

    def validate_wards(self, field) -> None:
        if not field.data or None in field.data:
            raise ValidationError(_l("Choose at least one commune."))
        if not all(locations.is_valid_pair(self.province.data, code) for code in field.data):
            raise ValidationError(_l("Choose communes of the chosen province."))


class CaseworkerForm(_AreasForm):
    """A new caseworker account."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(min=2, max=120)])
    login = LoginField()
    password = NewPasswordField(_l("First password"))
    agency = SelectField(_l("Agency"), choices=list(AGENCY_LABELS.items()), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[Length(max=120)])
    submit = SubmitField(_l("Create the account"))

    def validate_login(self, field) -> None:
        if login_taken(field.data):
            raise ValidationError(_l("This login already has an account."))


class CaseworkerEditForm(_AreasForm):
    """Reassign communes or close the account; both take effect on the next request."""

    agency = SelectField(_l("Agency"), choices=list(AGENCY_LABELS.items()), validators=[Optional()])
    active = BooleanField(_l("The account is active"),
                          description=_l("Closing the account logs the person out everywhere."))
    submit = SubmitField(_l("Save"))


class ConfirmForm(BaseForm):
    """A bare form: a button and its CSRF token."""

    submit = SubmitField(_l("Confirm"))


class AuditFilterForm(BaseForm):
    """Filters of the audit log (a GET search: changes nothing)."""

    class Meta:
        csrf = False

    person = IntegerField(_l("Person (record number)"), validators=[Optional(), NumberRange(1, MAX_ID)])
    user = IntegerField(_l("User (account number)"), validators=[Optional(), NumberRange(1, MAX_ID)])
    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=True)
    since = DateField(_l("From"), validators=[Optional(), plausible_day])
    until = DateField(_l("To"), validators=[Optional(), plausible_day])

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("Any"))] + [(a, a) for a in actions]

