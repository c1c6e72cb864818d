"""Every company form refuses bad input with a message in the reader's language and saves nothing;
the position's life (pause, reopen, close, duplicate, seats) keeps its rules."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import Employer, Position, Referral, User

from .conftest import PASSWORD, PHU_LY, UONG_BI
from .test_employer_journey import job_form


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def company(app, cast, client, login):
    """The cast's verified company, signed in as its owner."""
    login(cast.employer_user)
    return cast


def _as_english(app, user_id):
    with app.app_context():
        db.session.get(User, user_id).locale = "en"
        db.session.commit()


BAD_POSITIONS = [
    ({"wage_min": "9000000", "wage_max": "7000000"}, "Lương cao nhất không được thấp hơn",
     "The highest wage cannot be below the lowest"),
    ({"opens_on": "2026-12-20", "closes_on": "2026-12-01"}, "Ngày đóng không được trước ngày mở",
     "The closing date cannot be before the opening date"),
    ({"seats": "0"}, "Hãy có ít nhất 1 chỗ", "Offer at least 1 seat"),
    ({"ward": str(PHU_LY[1])}, "Hãy chọn xã / phường thuộc tỉnh đã chọn",
     "Choose a commune of the chosen province"),
    ({"ward": "99999999"}, "Hãy chọn xã / phường thuộc tỉnh đã chọn",
     "Choose a commune of the chosen province"),
    ({"exclude_drugs": "y", "why_drugs": ""}, "Hãy nói vì sao điều này liên quan",
     "Say why this is relevant to the job"),
    ({"wage_min": "0", "wage_max": "0"}, "Việc làm phải có lương", "A job pays a wage"),
    ({"required_skills": ["rocket_science"]}, "Hãy chọn kỹ năng trong danh sách", "Choose skills from the list"),
]


@pytest.mark.parametrize("locale", ["vi", "en"])
@pytest.mark.parametrize("changes, vi, en", BAD_POSITIONS)
def test_a_bad_position_is_refused_with_a_message_and_nothing_saved(app, company, client, changes, vi, en,
                                                                    locale):
    if locale == "en":
        _as_english(app, company.employer_user)
    before = _count(app, Position)
    page = client.post("/employer/positions/new", data=job_form(**changes))
    assert page.status_code == 200
    expected = en if locale == "en" else vi
    assert expected in page.get_data(as_text=True)
    assert _count(app, Position) == before


def test_a_training_seat_cannot_lead_to_another_companys_job(app, company, client, make_position):
    theirs = make_position(company.other_employer, UONG_BI, title="Việc của công ty khác")
    page = client.post("/employer/positions/new", data=job_form(kind="training", wage_min="0",
                                                                leads_to_position_id=str(theirs)))
    assert "Hãy chọn một việc làm của chính doanh nghiệp bạn" in page.get_data(as_text=True)
    assert _count(app, Position, Position.kind == "training") == 0


def test_exclusions_are_stored_with_their_reasons_and_shown_to_caseworkers_not_candidates(
        app, company, client, make_user, login):
    client.post("/employer/positions/new", data=job_form(
        exclude_violence="y", why_violence="Công việc giữ kho có tài sản giá trị lớn"))
    with app.app_context():
        position = db.session.scalar(select(Position).where(Position.title == "Công nhân khai thác đá",
                                                            Position.status == "draft"))
        assert position.excluded_offences == ["violence"]
        assert position.exclusion_reasons == {"violence": "Công việc giữ kho có tài sản giá trị lớn"}
        pid = position.id
    client.post(f"/employer/positions/{pid}/publish")
    client.post("/logout")
    login(make_user("caseworker", areas=(UONG_BI,)))
    assert "giá trị lớn" in client.get(f"/positions/{pid}").get_data(as_text=True)
    client.post("/logout")
    login(make_user("candidate", place=UONG_BI))
    page = client.get(f"/positions/{pid}").get_data(as_text=True)
    assert "Công nhân khai thác đá" in page and "giá trị lớn" not in page and "Xâm phạm sức khỏe" not in page


def _hire(app, cast, position_id: int, n: int, make_candidate) -> None:
    """n people hired on a position, written directly (the pipeline has its own tests)."""
    with app.app_context():
        for i in range(n):
            person = make_candidate(UONG_BI, full_name=f"Người {i}")
            db.session.add(Referral(candidate_id=person, position_id=position_id, status="hired",
                                    start_on=clock.today()))
        db.session.get(Position, position_id).filled += n
        db.session.commit()


def test_seats_cannot_go_below_the_people_hired(app, company, client, make_candidate):
    _hire(app, company, company.position, 2, make_candidate)
    page = client.post(f"/employer/positions/{company.position}/edit",
                       data=job_form(seats="1", required_skills=["stone_cutting"]))
    assert "Đã tuyển 2 người: số chỗ không được ít hơn" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Position, company.position).seats == 5


def test_a_full_position_reopens_when_seats_are_raised_and_fills_when_lowered(app, company, client,
                                                                             make_candidate):
    _hire(app, company, company.position, 2, make_candidate)
    client.post(f"/employer/positions/{company.position}/edit", data=job_form(seats="2"))
    with app.app_context():
        position = db.session.get(Position, company.position)
        assert (position.seats, position.status) == (2, "full")
    client.post(f"/employer/positions/{company.position}/edit", data=job_form(seats="4"))
    with app.app_context():
        position = db.session.get(Position, company.position)
        assert (position.seats, position.status) == (4, "open")


def test_pause_reopen_close_and_duplicate(app, company, client):
    pid = company.position
    status = lambda: _count(app, Position, Position.id == pid, Position.status == "open")  # noqa: E731
    client.post(f"/employer/positions/{pid}/pause")
    assert status() == 0
    client.post(f"/employer/positions/{pid}/reopen")
    assert status() == 1
    client.post(f"/employer/positions/{pid}/close")
    assert _count(app, Position, Position.id == pid, Position.status == "closed") == 1
    copy = client.post(f"/employer/positions/{pid}/duplicate")
    with app.app_context():
        new = db.session.scalar(select(Position).where(Position.id != pid, Position.employer_id == company.employer))
        assert new.status == "draft" and new.filled == 0 and new.title == "Công nhân khai thác đá"
        assert copy.location.endswith(f"/employer/positions/{new.id}/edit")
    assert client.post(f"/employer/positions/{pid}/explode").status_code == 404


def test_reopening_after_the_closing_date_asks_for_a_new_date(app, company, client):
    with app.app_context():
        position = db.session.get(Position, company.position)
        position.status, position.closes_on = "closed", clock.today() - timedelta(days=1)
        db.session.commit()
    page = client.post(f"/employer/positions/{company.position}/reopen", follow_redirects=True)
    assert "Đã quá ngày đóng" in page.get_data(as_text=True)
    assert _count(app, Position, Position.id == company.position, Position.status == "closed") == 1


@pytest.mark.parametrize("tax_code, ok", [
    ("0700123456", True), ("0700123456-001", True), ("001088012345", True),
    ("070012345", False), ("0700123456-1", False), ("07001234AB", False), ("0700123456001", False),
])
def test_tax_code_formats(client, app, tax_code, ok):
    response = client.post("/register/employer", data={
        "company": "Hộ kinh doanh Bình An", "sector": "services", "tax_code": tax_code,
        "province": UONG_BI[0], "ward": UONG_BI[1], "full_name": "Trần Bình", "login": "binhan@example.vn",
        "password": PASSWORD, "confirm": PASSWORD})
    assert (response.status_code == 302) is ok
    if not ok:
        assert "Mã số thuế gồm 10 chữ số" in response.get_data(as_text=True)
    assert _count(app, Employer) == (1 if ok else 0)


def test_the_company_profile_refuses_bad_input_and_saves_nothing(app, company, client):
    with app.app_context():
        name = db.session.get(Employer, company.employer).name
    bad = {"name": "Tên mới", "tax_code": "123", "sector": "quarry", "province": UONG_BI[0],
           "ward": PHU_LY[1], "contact_name": "Lan", "contact_phone": "12345", "record_question_stage": "never"}
    page = client.post("/employer/company", data=bad).get_data(as_text=True)
    assert "Mã số thuế gồm 10 chữ số" in page
    assert "Hãy chọn xã / phường thuộc tỉnh đã chọn" in page
    with app.app_context():
        assert db.session.get(Employer, company.employer).name == name


def test_a_member_who_is_not_the_owner_cannot_edit_the_profile(app, company, client):
    from marketplace.models import EmployerMember
    from marketplace.services import accounts

    with app.app_context():
        user = accounts._new_user("employer", "Nhân viên", "nv@example.vn", PASSWORD)
        db.session.add(EmployerMember(user=user, employer_id=company.employer))
        db.session.commit()
    client.post("/logout")
    client.post("/login", data={"login": "nv@example.vn", "password": PASSWORD})
    assert "Chỉ chủ tài khoản mới được sửa hồ sơ" in client.get("/employer/company").get_data(as_text=True)
    assert client.post("/employer/company", data={"name": "X"}).status_code == 403


def test_lists_of_checkboxes_are_groups_named_by_a_legend(company, client):
    """A label cannot name a list: screen readers announce each skill box inside its named group."""
    page = client.get("/employer/positions/new").get_data(as_text=True)
    assert '<fieldset class="group" id="required_skills-group">' in page
    assert "<legend>Kỹ năng cần có" in page
    assert 'for="required_skills"' not in page
