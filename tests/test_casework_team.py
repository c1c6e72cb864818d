"""The care team ("5+1"): a member who uses the product sees the person outside their communes,
and stops seeing them on the next request once removed."""
import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import CandidateProfile, CareTeamMember, User
from marketplace.scopes import candidates_in_care

from .conftest import PHU_LY, UONG_BI, login_name


@pytest.fixture
def team(app, client, make_user, make_candidate, login):
    """A person in Uông Bí; their lead caseworker; a Front officer of Phủ Lý added to the team."""
    lead = make_user("caseworker", areas=(UONG_BI,))
    partner = make_user("caseworker", areas=(PHU_LY,))
    person = make_candidate(UONG_BI, full_name="Vũ Văn Tâm", caseworker_id=lead)
    login(lead)
    response = client.post(f"/casework/candidates/{person}/team/staff",
                           data={"login": login_name(app, partner)})
    assert response.status_code == 302
    return {"lead": lead, "partner": partner, "person": person}


def test_the_scope_adds_the_people_whose_team_I_belong_to(app, team, make_candidate):
    stranger = make_candidate(PHU_LY, full_name="Người lạ")
    with app.app_context():
        partner = db.session.get(User, team["partner"])
        seen = {p.id for p in db.session.scalars(candidates_in_care(partner))}
    assert team["person"] in seen and stranger in seen  # their commune, and their team


def test_a_team_member_sees_the_person_outside_their_communes(app, team, client_as):
    partner = client_as(team["partner"])
    assert partner.get(f"/casework/candidates/{team['person']}").status_code == 200
    assert "Vũ Văn Tâm" in partner.get("/casework/").get_data(as_text=True)


def test_removal_takes_effect_on_the_next_request(app, client, team, client_as):
    partner = client_as(team["partner"])
    assert partner.get(f"/casework/candidates/{team['person']}").status_code == 200
    with app.app_context():
        member_id = db.session.scalar(select(CareTeamMember.id))
    client.post(f"/casework/candidates/{team['person']}/team/{member_id}/remove")
    with app.app_context():
        assert db.session.scalar(select(CareTeamMember.id)) is None
    assert partner.get(f"/casework/candidates/{team['person']}").status_code == 404


def test_a_caseworker_outside_the_team_and_the_commune_gets_a_404(app, team, make_user, client_as):
    stranger = client_as(make_user("caseworker", areas=(PHU_LY,)))
    assert stranger.get(f"/casework/candidates/{team['person']}").status_code == 404
    assert stranger.post(f"/casework/candidates/{team['person']}/team/contact",
                       data={"kind": "family", "full_name": "X"}).status_code == 404


def test_a_family_contact_and_a_refused_login(app, client, team):
    base = f"/casework/candidates/{team['person']}/team"
    client.post(f"{base}/contact", data={"kind": "family", "full_name": "Vũ Thị Hoa",
                                         "relation": "Mẹ", "phone": "0912 345 678"})
    page = client.get(base).get_data(as_text=True)
    assert "Vũ Thị Hoa" in page and "0912345678" in page and "Mẹ" in page
    refused = client.post(f"{base}/staff", data={"login": "nobody@example.vn"})
    assert refused.status_code == 422
    assert "Không có cán bộ nào đang hoạt động với tên đăng nhập này." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(CandidateProfile.id)) == team["person"]
        assert len(db.session.scalars(select(CareTeamMember)).all()) == 2


@pytest.fixture
def proposed(app, cast):
    """A proposed referral of the cast's person (Uông Bí)."""
    from marketplace.models import Position
    from marketplace.services.referrals import propose

    with app.app_context():
        worker = db.session.get(User, cast.caseworker)
        referral = propose(worker, db.session.get(CandidateProfile, cast.candidate),
                           db.session.get(Position, cast.position))
        db.session.commit()
        return referral.id


def _status(app, referral_id):
    from marketplace.models import Referral

    with app.app_context():
        return db.session.get(Referral, referral_id).status


def test_a_referral_outside_my_communes_and_teams_is_a_404(app, cast, proposed, client_as):
    outsider = client_as(cast.other_caseworker)
    response = outsider.post(f"/referrals/{proposed}/step", data={"to": "approved", "next": "/"})
    assert response.status_code == 404 and _status(app, proposed) == "proposed"


def test_a_team_member_may_act_on_the_persons_referral(app, cast, client, login, proposed, client_as):
    login(cast.caseworker)
    client.post(f"/casework/candidates/{cast.candidate}/team/staff",
                data={"login": login_name(app, cast.other_caseworker)})
    member = client_as(cast.other_caseworker)
    assert member.get(f"/casework/candidates/{cast.candidate}/referrals").status_code == 200
    member.post(f"/referrals/{proposed}/step", data={"to": "approved", "next": "/"})
    assert _status(app, proposed) == "approved"
