"""Small action forms of the pipeline; the service checks who may take each step."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..fields import BaseForm
from ..labels import DECLINE_REASON, LEFT_REASON
from ..converters import MAX_ID
from ..models.referrals import REFERRAL_STATUSES, RETENTION_DAYS


def _id_field():
    return IntegerField(validators=[InputRequired(), NumberRange(1, MAX_ID)])


class _Next(BaseForm):
    next = HiddenField()


class ProposeForm(_Next):
    candidate_id = _id_field()
    position_id = _id_field()
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])


class StepForm(_Next):
    to = SelectField(choices=[(s, s) for s in REFERRAL_STATUSES], validators=[DataRequired()])
    reason = SelectField(_l("Reason"), validators=[Optional()],
                         choices=[("", _l("— choose —"))] + list({**DECLINE_REASON, **LEFT_REASON}.items()))
    on = DateField(_l("Date"), validators=[Optional()])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=1000)])


class RetentionForm(_Next):
    day = SelectField(choices=[(str(d), str(d)) for d in RETENTION_DAYS], coerce=int, validators=[DataRequired()])
    retained = RadioField(_l("Is the person still working there?"),
                          choices=[("yes", _l("Still working")), ("no", _l("Has left"))],
                          validators=[DataRequired(_l("Choose an answer."))])
    reason = SelectField(_l("Why did they leave?"), validators=[Optional()],
                         choices=[("", _l("— choose —"))] + list(LEFT_REASON.items()))
    on = DateField(_l("Last working day"), validators=[Optional()])


class PaperConsentForm(_Next):
    reference = StringField(_l("Reference of the signed form"),
                            validators=[DataRequired(_l("Enter the reference written on the signed form.")),
                                        Length(max=60)])


class ProposeManyForm(_Next):
    """The placement plan's "propose these": the pairs the caseworker kept ticked. Its choices
    are the plan as it stands when posted, so nothing beyond the seats left can be proposed."""

    pairs = SelectMultipleField(_l("Proposals"), validators=[DataRequired(_l("Tick at least one person."))])

    @staticmethod
    def key(candidate_id: int, position_id: int) -> str:
        return f"{candidate_id}:{position_id}"


class PlanFilterForm(BaseForm):
    """Narrow the placement plan to one commune, or to one position (choices set by the view)."""

    ward = SelectField(_l("Commune"), validators=[Optional()])
    position = SelectField(_l("Position"), validators=[Optional()])
