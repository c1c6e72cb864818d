"""The company's forms: its profile, its positions, its logins."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, StringField,
    SubmitField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from matching import taxonomy

from .. import labels
from ..fields import (
    BaseForm, ConfirmPasswordField, LoginField, NewPasswordField, PlaceForm, normalise_phone, valid_phone,
)
from ..services import employers, positions
from ..services.vocabulary import choices, sector_choices


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easier than a multiple select on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def valid_tax_code(_form, field) -> None:
    if not employers.valid_tax_code(field.data):
        raise ValidationError(employers.TAX_CODE_MESSAGE)


def optional_phone(form, field) -> None:
    if field.data:
        valid_phone(form, field)


class CompanyForm(PlaceForm):
    name = StringField(_l("Company name"), validators=[DataRequired(), Length(min=2, max=200)])
    tax_code = StringField(_l("Tax code"), validators=[DataRequired(), valid_tax_code],
                           description=_l("A change of name or tax code is verified again by the programme."))
    sector = SelectField(_l("Sector"), validators=[DataRequired()])
    address_line = StringField(_l("Street address"), validators=[Length(max=200)])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=120)])
    contact_phone = StringField(_l("Contact phone"), validators=[DataRequired(), optional_phone],
                                render_kw={"inputmode": "tel", "autocomplete": "tel"})
    fair_chance_statement = TextAreaField(
        _l("Fair-chance statement"), validators=[Length(max=2000)],
        description=_l("In a few sentences: why you give people a second chance and how you support them."))
    record_question_stage = SelectField(_l("When do you ask about a conviction record?"),
                                        choices=list(labels.RECORD_STAGE.items()))
    submit = SubmitField(_l("Save the profile"))

    def __init__(self, *args, employer_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector.choices = sector_choices()
        self._employer_id = employer_id

    def validate_tax_code(self, field) -> None:
        if employers.tax_code_taken(field.data or "", except_id=self._employer_id):
            raise ValidationError(_l("Another company is registered with this tax code."))

    def profile(self) -> employers.Profile:
        return employers.Profile(
            name=self.name.data, tax_code=self.tax_code.data.strip(), sector=self.sector.data,
            province_code=self.province.data, ward_code=self.ward.data,
            address_line=self.address_line.data or "", contact_name=self.contact_name.data or "",
            contact_phone=normalise_phone(self.contact_phone.data or ""),
            fair_chance_statement=self.fair_chance_statement.data or "",
            record_question_stage=self.record_question_stage.data)


OFFENCE_CODES = tuple(taxonomy.OFFENCE_CATEGORIES)


class PositionForm(PlaceForm):
    kind = SelectField(_l("Kind"), choices=list(labels.POSITION_KIND.items()))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=2, max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    sector = SelectField(_l("Sector"), validators=[DataRequired()])
    required_skills = MultiCheckboxField(_l("Skills required"), validate_choice=False)
    preferred_skills = MultiCheckboxField(_l("Useful extra skills"), validate_choice=False)
    min_education = SelectField(_l("Minimum education"), coerce=_int_or_none, validate_choice=False)
    physical_demand = SelectField(_l("Physical demand"), coerce=_int_or_none, validate_choice=False)
    shift = SelectField(_l("Shift"), choices=list(labels.SHIFT.items()))
    wage_min = IntegerField(_l("Lowest wage (VND a month)"), validators=[Optional()],
                            description=_l("For a training seat, the stipend; it may be 0."))
    wage_max = IntegerField(_l("Highest wage (VND a month)"), validators=[Optional()])
    seats = IntegerField(_l("Seats"), validators=[InputRequired()])
    housing_provided = BooleanField(_l("A dormitory is offered"))
    transport_provided = BooleanField(_l("Transport is offered"))
    opens_on = DateField(_l("Opens on"), validators=[Optional()])
    closes_on = DateField(_l("Closes on"), validators=[Optional()])
    duration_weeks = IntegerField(_l("Length of the training (weeks)"), validators=[Optional()])
    certificate = StringField(_l("Certificate given"), validators=[Length(max=200)])
    leads_to_position_id = SelectField(_l("The job this training leads to"), coerce=_int_or_none,
                                       validate_choice=False)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, employer=None, position=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._employer, self._position = employer, position
        self.sector.choices = sector_choices()
        self.required_skills.choices = choices("skills")
        self.preferred_skills.choices = choices("skills")
        self.min_education.choices = choices("education_levels")
        self.physical_demand.choices = choices("physical_levels")
        jobs = positions.company_jobs(employer, except_id=position.id if position else None) if employer else []
        self.leads_to_position_id.choices = [("", _l("— none —"))] + [(p.id, p.title) for p in jobs]

    def exclusion_fields(self):
        """(code, checkbox, justification) for each offence category."""
        return [(code, self[f"exclude_{code}"], self[f"why_{code}"]) for code in OFFENCE_CODES]

    def data_of(self) -> positions.PositionData:
        return positions.PositionData(
            kind=self.kind.data, title=self.title.data or "", sector=self.sector.data,
            province_code=self.province.data, ward_code=self.ward.data, seats=self.seats.data or 0,
            description=self.description.data or "", required_skills=list(self.required_skills.data or []),
            preferred_skills=list(self.preferred_skills.data or []),
            min_education=self.min_education.data if self.min_education.data is not None else -1,
            physical_demand=self.physical_demand.data if self.physical_demand.data is not None else -1,
            shift=self.shift.data, wage_min=self.wage_min.data, wage_max=self.wage_max.data,
            housing_provided=self.housing_provided.data, transport_provided=self.transport_provided.data,
            opens_on=self.opens_on.data, closes_on=self.closes_on.data,
            duration_weeks=self.duration_weeks.data, certificate=self.certificate.data or "",
            leads_to_position_id=self.leads_to_position_id.data,
            exclusions={code: (why.data or "") for code, box, why in self.exclusion_fields() if box.data})

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then the position's rules (one place: services.positions)."""
        ok = super().validate(extra_validators)
        if not ok or self._employer is None:
            return ok
        found = positions.problems(self._employer, self.data_of(), self._position)
        for name, message in found.items():
            target = self._fields.get(name) or self._fields.get("title")
            target.errors = list(target.errors) + [message]
        return not found

    def fill(self, data: positions.PositionData) -> None:
        for box_code, box, why in self.exclusion_fields():
            box.data = box_code in data.exclusions
            why.data = data.exclusions.get(box_code, "")


for _code in OFFENCE_CODES:
    setattr(PositionForm, f"exclude_{_code}", BooleanField(_l("Excluded")))
    setattr(PositionForm, f"why_{_code}", StringField(_l("Why it is relevant to the job"),
                                                     validators=[Length(max=300)]))


class InviteForm(BaseForm):
    login = LoginField(_l("Their phone or e-mail"))
    submit = SubmitField(_l("Make an invitation code"))


class JoinForm(BaseForm):
    login = LoginField(_l("Your phone or e-mail (the one the company invited)"))
    code = StringField(_l("Invitation code"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "one-time-code", "autocapitalize": "characters"})
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(min=2, max=120)],
                            render_kw={"autocomplete": "name"})
    password = NewPasswordField()
    confirm = ConfirmPasswordField()
    submit = SubmitField(_l("Join the company"))


class ActionForm(BaseForm):
    """A bare button with its CSRF token (publish, pause, remove...)."""

    submit = SubmitField(_l("Confirm"))
