from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, DateField, IntegerField, SearchField, SelectField, StringField, SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from .. import clock
from ..fields import BaseForm, normalise_phone, valid_phone
from ..labels import (
    CONSENT_PURPOSE, GENDER, LEGAL_STATUS, MEMBER_KIND, MILESTONE_KIND, NOTE_KIND, OFFENCE_CATEGORY, SENTENCE_KIND,
    SUPPORT_KIND,
)
from ..services.casework import MAX_AMOUNT
from ..services.legal import MAX_MONTHS, SETTABLE_STATUSES
from ..services.today import FILTERS

# Consents a caseworker may record from a signed paper form on the record's Consents tab.
PAPER_PURPOSES = ("profile", "model_use", "keep_after_referral")


def _none_if_blank(value):
    return value or None


def not_in_future(_form, field) -> None:
    if field.data is not None and field.data > clock.today():
        raise ValidationError(_l("The date cannot be in the future."))


def _optional_phone(form, field) -> None:
    if field.data:
        valid_phone(form, field)
        field.data = normalise_phone(field.data)


class CaseloadSearchForm(BaseForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = SearchField(_l("Search by name"), validators=[Optional(), Length(max=120)])
    show = SelectField(_l("Show"), validators=[Optional()], validate_choice=True,
                       choices=[("", _l("Everyone"))] + [(k, f.label) for k, f in FILTERS.items()])


class ProfileForm(BaseForm):
    """A profile made for someone without a phone or the skill to use one."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(min=2, max=120)])
    birth_year = IntegerField(_l("Birth year"), validators=[Optional(), NumberRange(1930, 2015)])
    gender = SelectField(_l("Gender"), choices=list(GENDER.items()), default="undisclosed")
    ward = SelectField(_l("Commune / ward"), coerce=int, validators=[DataRequired(_l("Choose a commune."))])
    phone = StringField(_l("Phone (if they have one)"), validators=[Optional(), _optional_phone])
    address_line = StringField(_l("Address"), validators=[Length(max=200)],
                               description=_l("Sensitive: never shown to a company."))
    submit = SubmitField(_l("Create the profile"))

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        from ..locations import place_label

        self.ward.choices = [(a.ward_code, place_label(a.province_code, a.ward_code)) for a in areas]


class NoteForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=list(NOTE_KIND.items()), default="visit")
    occurred_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date.")), not_in_future])
    body = TextAreaField(_l("What happened"), validators=[DataRequired(), Length(max=4000)])
    about_legal_case = BooleanField(
        _l("About the legal case"),
        description=_l("Deleted with the conviction record when the record is expunged."))
    submit = SubmitField(_l("Save the note"))


class SupportForm(BaseForm):
    kind = SelectField(_l("Support"), choices=list(SUPPORT_KIND.items()))
    occurred_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date.")), not_in_future])
    amount_vnd = IntegerField(_l("Amount (đồng)"), validators=[
        Optional(), NumberRange(min=0, max=MAX_AMOUNT, message=_l("Enter an amount of zero or more, in đồng."))],
        description=_l("For a loan or a gift."))
    purpose = StringField(_l("What the loan is for"), validators=[Length(max=200)])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Save the support"))

    def validate_amount_vnd(self, field) -> None:
        if self.kind.data == "loan" and not field.data and not field.errors:
            raise ValidationError(_l("Enter the amount of the loan."))

    def validate_purpose(self, field) -> None:
        if self.kind.data == "loan" and not (field.data or "").strip():
            raise ValidationError(_l("Say what the loan is for."))


class MilestoneForm(BaseForm):
    kind = SelectField(_l("Milestone"), choices=list(MILESTONE_KIND.items()))
    occurred_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date.")), not_in_future])
    note = StringField(_l("Note"), validators=[Length(max=500)])
    confirm = BooleanField(_l("I understand: recording \u201cexpunged\u201d removes the offence, the "
                              "sentence, its dates and the notes about the legal case, for good."))
    submit = SubmitField(_l("Record the milestone"))

    def validate_confirm(self, field) -> None:
        if self.kind.data == "expunged" and not field.data:
            raise ValidationError(_l("Tick the box to confirm the expungement."))


class LegalForm(BaseForm):
    status = SelectField(_l("Legal status"), choices=[(s, LEGAL_STATUS[s]) for s in SETTABLE_STATUSES])
    offence_category = SelectField(_l("Offence category"), coerce=_none_if_blank,
                                   choices=[("", _l("— not recorded —"))] + list(OFFENCE_CATEGORY.items()))
    sentence_kind = SelectField(_l("Main sentence"), coerce=_none_if_blank,
                                choices=[("", _l("— not recorded —"))] + list(SENTENCE_KIND.items()))
    sentence_months = IntegerField(_l("Length of the prison sentence (months)"),
                                   validators=[Optional(), NumberRange(1, MAX_MONTHS)])
    release_date = DateField(_l("Released on"), validators=[Optional(), not_in_future])
    supervision_end = DateField(_l("Probation or supervision ends"), validators=[Optional()])
    penalty_end = DateField(_l("Supplementary penalty ends"), validators=[Optional()])
    travel_restricted = BooleanField(_l("May not leave the commune or province"))
    submit = SubmitField(_l("Save the legal status"))

    def validate_sentence_months(self, field) -> None:
        if self.sentence_kind.data == "prison" and not field.data and not field.errors:
            raise ValidationError(_l("Enter the length of the prison sentence in months."))


class StaffMemberForm(BaseForm):
    login = StringField(_l("Their login (phone or e-mail)"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Add to the team"))


class ContactMemberForm(BaseForm):
    kind = SelectField(_l("Who"), choices=[("family", MEMBER_KIND["family"])] +
                       [(k, v) for k, v in MEMBER_KIND.items() if k != "family"])
    full_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    relation = StringField(_l("Relation or role"), validators=[Length(max=60)])
    phone = StringField(_l("Phone"), validators=[Optional(), _optional_phone])
    submit = SubmitField(_l("Add the contact"))


class PaperConsentForm(BaseForm):
    """A decision the person signed on paper, recorded by the caseworker with the form's reference.
    Consent to a company is asked per referral (on the Referrals tab)."""

    purpose = SelectField(_l("What the person agreed to"),
                          choices=[(p, CONSENT_PURPOSE[p]) for p in PAPER_PURPOSES])
    reference = StringField(_l("Reference of the signed form"),
                            validators=[DataRequired(), Length(max=60)])
    submit = SubmitField(_l("Record the consent"))


class ConfirmForm(BaseForm):
    """A bare form: a button and its CSRF token."""

    submit = SubmitField(_l("Confirm"))
