from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from ..fields import BaseForm, ConfirmPasswordField, LoginField, NewPasswordField, PlaceForm, valid_phone
from ..services.accounts import login_taken, tax_code_taken
from ..employer.forms import valid_tax_code
from ..services.vocabulary import sector_choices


class LoginForm(BaseForm):
    login = LoginField()
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Log in"))


class _NewAccount(PlaceForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(min=2, max=120)],
                            render_kw={"autocomplete": "name"})
    password = NewPasswordField()
    confirm = ConfirmPasswordField()


def _phone_field() -> StringField:
    return StringField(_l("Mobile phone"), validators=[DataRequired(), valid_phone],
                       render_kw={"autocomplete": "tel", "inputmode": "tel"})


class CandidateRegisterForm(_NewAccount):
    # No check whether the number is taken: the answer would tell a stranger that the owner of
    # this number has an account here, which reveals a conviction. The code step decides.
    phone = _phone_field()
    submit = SubmitField(_l("Send me a code"))


class SignupCodeForm(BaseForm):
    code = StringField(_l("The 6-digit code from the SMS"), validators=[
        DataRequired(), Regexp(r"^\s*\d{6}\s*$", message=_l("The code has 6 digits."))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 12})
    submit = SubmitField(_l("Confirm"))


class ClaimForm(BaseForm):
    phone = _phone_field()
    code = StringField(_l("The code on your slip"), validators=[
        DataRequired(), Regexp(r"^[A-Za-z0-9\s-]{8,12}$", message=_l("The code has 8 letters and digits, e.g. ABCD-EF23."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "maxlength": 12})
    password = NewPasswordField()
    confirm = ConfirmPasswordField()
    submit = SubmitField(_l("Make the profile mine"))


class EmployerRegisterForm(_NewAccount):
    login = LoginField(_l("Work phone or e-mail"))
    company = StringField(_l("Company name"), validators=[DataRequired(), Length(min=2, max=200)])
    sector = SelectField(_l("Sector"), validators=[DataRequired()])
    tax_code = StringField(_l("Tax code"), validators=[DataRequired(), valid_tax_code])
    address_line = StringField(_l("Street address"), validators=[Length(max=200)])
    submit = SubmitField(_l("Register the company"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector.choices = sector_choices()

    def validate_login(self, field) -> None:
        if login_taken(field.data):
            raise ValidationError(_l("This login already has an account. Log in instead."))

    def validate_tax_code(self, field) -> None:
        if tax_code_taken(field.data):
            raise ValidationError(_l("This company is already registered. Ask its account holder to add you."))


class PasswordChangeForm(BaseForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
    password = NewPasswordField(_l("New password"))
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(), EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Change password"))


class SessionEndForm(BaseForm):
    """"Log out this device" / "log out everywhere else": a button and its CSRF token."""

    submit = SubmitField(_l("Log out this device"))
