"""Suggestions the person can act on: reasons, the missing-skill caution, "not for me",
training first for someone whose skills match nothing, and never a legally excluded position."""
from types import SimpleNamespace

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import CandidateProfile, Exposure, HiddenPosition, User
from marketplace.services.my_suggestions import training_first_if_nothing_matches

from .conftest import UONG_BI


def _set(app, user_id, **fields):
    with app.app_context():
        profile = db.session.get(User, user_id).candidate
        for name, value in fields.items():
            setattr(profile, name, value)
        db.session.commit()


def _cards(page: str) -> list[str]:
    return [chunk.split("</h3>")[0] for chunk in page.split('<li class="card job-card">')[1:]]


def test_each_card_shows_the_facts_reasons_and_actions(app, client, cast, login):
    login(cast.candidate_user)
    page = client.get("/me/").get_data(as_text=True)
    assert "Công nhân khai thác đá" in page and "Ca ngày" in page and "Còn 5 chỗ" in page
    assert "Không hợp với tôi" in page and f"/me/positions/{cast.position}" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Exposure)) == 1


def test_a_missing_required_skill_is_shown_with_the_training_that_teaches_it(app, client, cast, login, make_position):
    make_position(cast.employer, UONG_BI, title="Thợ hàn kết cấu", sector="construction",
                  required_skills=["welding"], seats=2)
    school = make_position(cast.other_employer, UONG_BI, title="Lớp hàn điện 3 tháng", kind="training",
                           sector="construction", seats=10)
    login(cast.candidate_user)
    page = client.get("/me/").get_data(as_text=True)
    welder = page.split("Thợ hàn kết cấu")[1].split('<li class="card job-card">')[0]
    assert "Bạn chưa có: Hàn." in welder
    assert f"/me/positions/{school}" in welder and "Lớp hàn điện 3 tháng" in welder
    quarry = page.split("Công nhân khai thác đá</h3>")[1].split('<li class="card job-card">')[0]
    assert "Bạn chưa có" not in quarry


def _suggestion(kind, *required):
    return SimpleNamespace(position=SimpleNamespace(kind=kind, required_skills=list(required)))


def test_training_comes_first_for_someone_whose_skills_match_nothing():
    ranked = [_suggestion("job", "welding"), _suggestion("job"), _suggestion("training"),
              _suggestion("training", "sewing")]
    reordered = training_first_if_nothing_matches(ranked, ["stone_cutting"])
    assert [s.position.kind for s in reordered] == ["training", "training", "job", "job"]
    assert reordered[2] is ranked[0]  # otherwise the ranker's order
    assert training_first_if_nothing_matches(ranked, ["welding"]) == ranked


def test_training_first_on_the_page(app, client, cast, login, make_position):
    make_position(cast.other_employer, UONG_BI, title="Lớp may công nghiệp", kind="training",
                  sector="garment", seats=10)
    _set(app, cast.candidate_user, skills=["cooking"])
    login(cast.candidate_user)
    assert _cards(client.get("/me/").get_data(as_text=True))[0].strip().endswith("Lớp may công nghiệp")


def test_not_for_me_hides_the_card_and_a_double_tap_makes_one_row(app, client, cast, login):
    login(cast.candidate_user)
    assert "Công nhân khai thác đá" in client.get("/me/").get_data(as_text=True)
    for _ in range(2):
        response = client.post(f"/me/positions/{cast.position}/hide")
        assert response.status_code == 302 and response.location.endswith("/me/")
    page = client.get("/me/").get_data(as_text=True)
    assert "Công nhân khai thác đá" not in page and "Hiện chưa có gợi ý nào" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HiddenPosition)) == 1
    client.post("/me/hidden/show")
    assert "Công nhân khai thác đá" in client.get("/me/").get_data(as_text=True)


def test_an_empty_state_says_what_would_widen_the_choice(client, make_user, login):
    login(make_user("candidate"))
    page = client.get("/me/").get_data(as_text=True)
    assert "Hiện chưa có gợi ý nào" in page
    assert "/me/profile#skills" in page and "/me/profile#travel" in page


def test_a_legally_excluded_position_is_never_listed_nor_shown(app, client, cast, login, make_position):
    barred = make_position(cast.employer, UONG_BI, title="Thủ kho vật liệu nổ", seats=3,
                           required_skills=["stone_cutting"], excluded_offences=["drugs"])
    _set(app, cast.candidate_user, offence_category="drugs")
    login(cast.candidate_user)
    page = client.get("/me/").get_data(as_text=True)
    assert "Công nhân khai thác đá" in page and "Thủ kho vật liệu nổ" not in page
    assert client.get(f"/me/positions/{barred}").status_code == 404
    assert client.get(f"/me/positions/{cast.position}").status_code == 200


def test_the_position_page_shows_the_company_s_fair_chance_face(app, client, cast, login):
    with app.app_context():
        from marketplace.models import Employer

        employer = db.session.get(Employer, cast.employer)
        employer.fair_chance_statement, employer.record_question_stage = "Chúng tôi tin vào cơ hội thứ hai.", "never"
        db.session.commit()
    login(cast.candidate_user)
    page = client.get(f"/me/positions/{cast.position}").get_data(as_text=True)
    assert "Chúng tôi tin vào cơ hội thứ hai." in page and "Không bao giờ hỏi về tiền án" in page
    with app.app_context():
        assert db.session.scalar(select(CandidateProfile.id)) is not None


def test_not_for_me_is_offered_to_learning_only_with_the_model_use_consent(app, client, cast, login):
    from marketplace.services.my_suggestions import not_for_me_outcomes

    login(cast.candidate_user)
    client.post(f"/me/positions/{cast.position}/hide")
    with app.app_context():
        assert not_for_me_outcomes() == []
    client.post("/me/consents", data={"purpose": "model_use"})
    with app.app_context():
        assert not_for_me_outcomes() == [(cast.candidate, cast.position)]
