from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..fields import BaseForm, LoginField, NewPasswordField, PlaceForm, valid_phone
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
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class CandidateRegisterForm(_NewAccount):
    phone = StringField(_l("Mobile phone"), validators=[DataRequired(), valid_phone],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    submit = SubmitField(_l("Create my account"))

    def validate_phone(self, field) -> None:
        if login_taken(field.data):
            raise ValidationError(_l("This phone number already has an account. Log in instead."))


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
