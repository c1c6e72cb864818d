"""The demo programme shows the casework too: care teams across agencies, what loans were for."""
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import CareTeamMember, SupportAction
from marketplace.services import demo


def test_the_demo_has_care_teams_and_loan_purposes(app):
    with app.app_context():
        demo.seed()
        db.session.commit()
        members = db.session.scalars(select(CareTeamMember)).all()
        assert any(m.kind == "family" and m.full_name and m.phone for m in members)
        officers = [m for m in members if m.user_id is not None]
        assert officers and all(m.user.caseworker.agency == m.kind for m in officers)
        # An officer of another agency sees people outside their own communes through the team.
        assert any(m.candidate.ward_code not in m.user.caseworker.ward_codes for m in officers)
        loans = db.session.scalars(select(SupportAction).where(SupportAction.kind == "loan")).all()
        assert loans and all(a.purpose for a in loans)
