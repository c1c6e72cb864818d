from flask_babel import lazy_gettext as _l
from wtforms import SearchField
from wtforms.validators import Length, Optional

from ..fields import BaseForm


class CaseloadSearchForm(BaseForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = SearchField(_l("Search by name"), validators=[Optional(), Length(max=120)])
