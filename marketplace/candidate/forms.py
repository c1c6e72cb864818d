"""The person's own forms: profile, consent decisions, data requests."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField,
    SubmitField, TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .. import clock
from ..fields import BaseForm, PlaceForm, normalise_phone, valid_phone
from ..labels import GENDER, HEALTH_LIMIT, SHIFT
from ..models.candidates import GENDERS
from ..models.employers import SHIFTS
from ..services import vocabulary

OLDEST = 1930
YOUNGEST_AGE = 15


class CheckboxesField(SelectMultipleField):
    """Several choices as large checkboxes, not a multi-select a phone user cannot work."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", _l("Choose only from the list."))
        super().__init__(label, validators, **kwargs)


def valid_birth_year(_form, field) -> None:
    latest = clock.today().year - YOUNGEST_AGE
    if field.data is not None and not OLDEST <= field.data <= latest:
        raise ValidationError(_l("Enter a year between %(low)s and %(high)s.", low=OLDEST, high=latest))


class ActionForm(BaseForm):
    """A button that changes something: only the CSRF token."""


class ProfileForm(PlaceForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(min=2, max=120)])
    birth_year = IntegerField(_l("Year of birth"), validators=[Optional(), valid_birth_year],
                              render_kw={"inputmode": "numeric"})
    gender = SelectField(_l("Gender"), choices=[(g, GENDER[g]) for g in GENDERS])
    phone = StringField(_l("Phone to reach you"), validators=[Optional(), valid_phone],
                        render_kw={"inputmode": "tel", "autocomplete": "tel"})
    education = SelectField(_l("Schooling"), coerce=int)
    skills = CheckboxesField(_l("What I can do"))
    experience = TextAreaField(_l("Work I have done"), validators=[Length(max=2000)],
                               description=_l("For example: two years in a garage, farm work at home."))
    physical_capacity = SelectField(_l("Work I can do with my body"), coerce=int)
    health_limits = CheckboxesField(_l("Health limits"), choices=list(HEALTH_LIMIT.items()),
                                    description=_l("Only your caseworker sees this. Never a company."))
    health_notes = TextAreaField(_l("Anything else about my health"), validators=[Length(max=1000)])
    shifts = CheckboxesField(_l("Shifts I can work"))
    desired_sectors = CheckboxesField(_l("Kinds of work I want"))
    wage_expectation = IntegerField(_l("Pay I hope for (đồng a month)"), validators=[
        Optional(), NumberRange(min=0, max=100_000_000)], render_kw={"inputmode": "numeric"})
    max_commute_km = IntegerField(_l("How far I can travel each day (km)"), validators=[
        Optional(), NumberRange(min=0, max=300)], render_kw={"inputmode": "numeric"})
    has_transport = BooleanField(_l("I have a motorbike"))
    needs_housing = BooleanField(_l("I need a dormitory"))
    needs_loan = BooleanField(_l("A loan (Social Policy Bank)"))
    needs_training = BooleanField(_l("Vocational training"))
    needs_papers = BooleanField(_l("Help with papers (ID card, residence)"))
    needs_health_insurance = BooleanField(_l("Health insurance"))
    submit = SubmitField(_l("Save my profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.education.choices = vocabulary.choices("education_levels")
        self.physical_capacity.choices = vocabulary.choices("physical_levels")
        self.skills.choices = vocabulary.choices("skills")
        self.desired_sectors.choices = vocabulary.choices("sectors")
        self.shifts.choices = [(s, SHIFT[s]) for s in SHIFTS]

    def values(self) -> dict:
        """What the profile service takes, named as the profile's columns."""
        names = [f for f in self._fields if f not in ("province", "ward", "submit", "csrf_token")]
        values = {name: self[name].data for name in names}
        values.update(province_code=self.province.data, ward_code=self.ward.data,
                      full_name=values["full_name"].strip(),
                      phone=normalise_phone(values["phone"]) if values["phone"] else None)
        return values


class ConsentForm(BaseForm):
    purpose = StringField(validators=[DataRequired(), Length(max=24)])
    employer_id = IntegerField(validators=[Optional()])


class DataRequestForm(BaseForm):
    kind = RadioField(_l("What should your caseworker do?"), choices=[
        ("correct", _l("Correct something")), ("delete", _l("Delete something"))],
        validators=[DataRequired(_l("Choose one."))])
    body = TextAreaField(_l("What, and why?"), validators=[DataRequired(), Length(min=5, max=2000)],
                         description=_l("For example: my year of birth is wrong, it is 1990."))
    submit = SubmitField(_l("Send to my caseworker"))


def skill_groups(form: ProfileForm) -> list[tuple[str, list[tuple[str, str]]]]:
    """The skills grouped by sector for large checkboxes; each skill once, under its first sector."""
    from matching.taxonomy import SECTOR_SKILLS

    labels = dict(form.skills.choices)
    placed: set[str] = set()
    groups = []
    for sector, codes in SECTOR_SKILLS.items():
        mine = [(c, labels[c]) for c in codes if c in labels and c not in placed]
        placed.update(c for c, _label in mine)
        if mine:
            groups.append((vocabulary.label("sectors", sector), mine))
    rest = [(c, label) for c, label in labels.items() if c not in placed]
    if rest:
        groups.append((str(_l("Other")), rest))
    return groups
