"""The programme report: figures equal what a person counts by hand on the same records, for
several areas, with the previous period right across a year boundary."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from xml.etree import ElementTree

import openpyxl
import pytest

from marketplace.extensions import db
from marketplace.models import (
    CandidateProfile, CaseNote, Milestone, Position, Referral, ReferralEvent, RetentionCheck, SupportAction, User,
)
from marketplace.services import periods, reports
from marketplace.services.areas import Area, AreaError

from .conftest import PHU_LY, UONG_BI, VANG_DANH

JANUARY = periods.calendar_period("month", 2026, 1)
OLD = datetime(2025, 6, 1)


class Seeded:
    def __init__(self, **ids):
        self.__dict__.update(ids)


def _person(name, place, **fields) -> CandidateProfile:
    person = CandidateProfile(full_name=name, province_code=place[0], ward_code=place[1], created_at=OLD, **fields)
    db.session.add(person)
    db.session.flush()
    return person


def _referral(person, position, sent_at, start_on=None, retained_30=None) -> Referral:
    referral = Referral(candidate_id=person.id, position_id=position.id, status="sent", created_at=sent_at)
    db.session.add(referral)
    db.session.flush()
    db.session.add(ReferralEvent(referral_id=referral.id, from_status="approved", to_status="sent", at=sent_at))
    if start_on is not None:
        referral.status, referral.start_on, referral.hired_at = "hired", start_on, sent_at
        db.session.add(RetentionCheck(referral_id=referral.id, day=30, due_on=start_on.replace(day=1),
                                      retained=retained_30))
    return referral


@pytest.fixture
def seeded(app, make_user, employer_of):
    """Three people in Uông Bí, one in Vàng Danh (Quảng Ninh too), one in Phủ Lý (Ninh Bình), with
    visits, support, milestones and referrals in January 2026 and December 2025."""
    caseworker = make_user("caseworker", areas=(UONG_BI,))
    other_caseworker = make_user("caseworker", areas=(PHU_LY,))
    admin = make_user("admin")
    quarry, garment = employer_of(make_user("employer")), employer_of(make_user("employer"))
    with app.app_context():
        p1 = _person("Phạm Văn Một", UONG_BI)
        p2 = _person("Lê Văn Hai", UONG_BI)
        p3 = _person("Trần Thị Ba", UONG_BI)
        p4 = _person("Đỗ Văn Bốn", VANG_DANH, expungement_date=date(2026, 1, 18))
        p5 = _person("Vũ Thị Năm", PHU_LY)
        late = _person("Mới Đến", UONG_BI)
        late.created_at = datetime(2026, 2, 3)  # after January: not under management then
        for person, kind, day in ((p1, "visit", date(2026, 1, 10)), (p1, "visit", date(2026, 1, 20)),
                                  (p1, "call", date(2026, 1, 11)), (p2, "visit", date(2025, 12, 15)),
                                  (p4, "visit", date(2026, 1, 5)), (p5, "visit", date(2026, 1, 7))):
            db.session.add(CaseNote(candidate_id=person.id, kind=kind, body="…", occurred_on=day))
        for person, kind, day, amount in ((p1, "loan", date(2026, 1, 12), 20_000_000),
                                          (p2, "loan", date(2025, 12, 20), 10_000_000),
                                          (p1, "gift", date(2026, 1, 3), 500_000),
                                          (p3, "gift", date(2026, 1, 4), 300_000),
                                          (p2, "health_insurance", date(2026, 1, 15), None),
                                          (p1, "training", date(2026, 1, 2), None),
                                          (p5, "loan", date(2026, 1, 12), 50_000_000)):
            db.session.add(SupportAction(candidate_id=person.id, kind=kind, occurred_on=day, amount_vnd=amount))
        for person, kind, day in ((p3, "probation_shortened", date(2026, 1, 25)),
                                  (p2, "out_of_management", date(2025, 12, 10))):
            db.session.add(Milestone(candidate_id=person.id, kind=kind, occurred_on=day))
        quarry_job = Position(employer_id=quarry, title="Thợ đá", sector="quarry", province_code=22, ward_code=6811)
        garment_job = Position(employer_id=garment, title="Thợ may", sector="garment", province_code=22,
                               ward_code=6811)
        training = Position(employer_id=quarry, kind="training", title="Học nghề đá", sector="quarry",
                            province_code=22, ward_code=6811)
        db.session.add_all([quarry_job, garment_job, training])
        db.session.flush()
        _referral(p1, quarry_job, datetime(2026, 1, 5, 3), date(2026, 1, 10), retained_30=True)
        _referral(p3, garment_job, datetime(2025, 12, 20, 3), date(2025, 12, 28), retained_30=True)
        # 18:00 UTC on 31 January is 1 February in Việt Nam: not January's.
        _referral(p2, quarry_job, datetime(2026, 1, 31, 18))
        _referral(p3, training, datetime(2026, 1, 12, 3), date(2026, 1, 15))
        _referral(p5, quarry_job, datetime(2026, 1, 6, 3), date(2026, 1, 9), retained_30=False)
        db.session.commit()
    return Seeded(caseworker=caseworker, other_caseworker=other_caseworker, admin=admin)


def _report(user_id, period=JANUARY, area=Area()):
    return reports.build(db.session.get(User, user_id), period, area)


def _figures(report) -> dict[str, tuple[int, int]]:
    return {i.key: (i.figure.current, i.figure.previous) for i in report.indicators + report.placements}


def test_previous_periods_cross_the_year_boundary():
    assert JANUARY.previous() == periods.Period("month", date(2025, 12, 1), date(2025, 12, 31))
    assert periods.calendar_period("quarter", 2026, 1).previous() == periods.Period(
        "quarter", date(2025, 10, 1), date(2025, 12, 31))
    assert periods.calendar_period("half", 2026, 1).previous() == periods.Period(
        "half", date(2025, 7, 1), date(2025, 12, 31))
    assert periods.calendar_period("year", 2026).previous().start == date(2025, 1, 1)
    custom = periods.custom_period(date(2026, 1, 1), date(2026, 1, 10))
    assert custom.previous() == periods.Period("custom", date(2025, 12, 22), date(2025, 12, 31))


def test_one_commune_equals_the_hand_count_with_december_beside_january(ctx, seeded):
    figures = _figures(_report(seeded.admin, area=Area(22, UONG_BI[1])))
    assert figures["visits"] == (2, 1)             # p1 twice in January (a call is not a visit); p2 in December
    assert figures["people_visited"] == (1, 1)
    assert figures["loan_households"] == (1, 1)    # p1 in January, p2 in December
    assert figures["loan_amount"] == (20_000_000, 10_000_000)
    assert figures["gifts"] == (2, 0) and figures["gift_value"] == (800_000, 0)
    assert figures["health_insurance"] == (1, 0)
    assert figures["probation_shortened"] == (1, 0)
    assert figures["out_of_management"] == (0, 1)
    assert figures["under_management"] == (2, 3)   # p2 left in December; "Mới Đến" came in February
    assert figures["trained"] == (2, 0)            # p1's course, p3's training seat
    assert figures["employed"] == (1, 1)           # p1 in January, p3 in December
    assert figures["referrals_sent"] == (2, 1)     # p2's was sent on 1 February, Việt Nam time
    assert figures["hired"] == (2, 1)
    assert figures["retained_30"] == (1, 1)
    assert figures["expungement_eligible"] == (0, 0)


def test_the_province_adds_its_other_communes_and_no_other_province(ctx, seeded):
    figures = _figures(_report(seeded.admin, area=Area(22)))
    assert figures["visits"] == (3, 1)             # and p4's in Vàng Danh
    assert figures["loan_amount"] == (20_000_000, 10_000_000)   # not Phủ Lý's 50 million
    assert figures["expungement_eligible"] == (1, 0)
    everywhere = _figures(_report(seeded.admin))
    assert everywhere["visits"] == (4, 1) and everywhere["loan_amount"] == (70_000_000, 10_000_000)
    assert everywhere["hired"] == (3, 1) and everywhere["retained_30"] == (1, 1)


def test_a_caseworker_counts_only_their_communes(ctx, seeded):
    mine = _figures(_report(seeded.caseworker))
    assert mine["visits"] == (2, 1) and mine["loan_amount"] == (20_000_000, 10_000_000)
    theirs = _figures(_report(seeded.other_caseworker))
    assert theirs["visits"] == (1, 0) and theirs["loan_amount"] == (50_000_000, 0)
    assert theirs["hired"] == (1, 0) and theirs["retained_30"] == (0, 0)   # p5 had left by day 30


def test_a_caseworker_cannot_ask_for_a_commune_they_do_not_hold(ctx, seeded):
    with pytest.raises(AreaError):
        _report(seeded.caseworker, area=Area(ward_code=PHU_LY[1]))


def test_placements_by_sector_and_by_employer(ctx, seeded):
    report = _report(seeded.admin, area=Area(22))
    sectors = {row.name: (row.sent.current, row.hired.current, row.hired.previous) for row in report.by_sector}
    assert sectors == {"Khai thác đá": (2, 2, 0), "Dệt may": (0, 0, 1)}
    assert sum(row.hired.current for row in report.by_employer) == 2
    assert [m for m in report.months if m[0] == date(2026, 1, 1)] == [(date(2026, 1, 1), 2, 2)]
    assert [m for m in report.months if m[0] == date(2026, 2, 1)] == []
    assert len(report.months) == reports.CHART_MONTHS


# --- the pages and the files --------------------------------------------------------------------

JANUARY_ARGS = {"period": "month", "year": 2026, "part": 1}


def test_the_report_page_shows_the_figures_and_readable_charts(client, login, seeded):
    login(seeded.admin)
    response = client.get("/reports/", query_string={**JANUARY_ARGS, "province": 22, "ward": UONG_BI[1]})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Tháng 1/2026" in page and "Tháng 12/2025" in page
    assert "20.000.000" in page and "10.000.000" in page
    svgs = [chunk.split("</svg>")[0] + "</svg>" for chunk in page.split("<svg")[1:]
            if 'class="chart"' in chunk.split(">")[0]]  # the charts, not the icons beside words
    assert len(svgs) == 3
    for svg in svgs:
        tree = ElementTree.fromstring("<svg" + svg)   # well-formed, drawn on the server
        assert tree.get("role") == "img"
    assert 'patternUnits="userSpaceOnUse"' in page     # series told apart by pattern, not colour alone
    assert "style=" not in "".join(svgs)               # nothing the Content-Security-Policy blocks


def test_the_report_downloads_as_xlsx_with_vietnamese_headers(app, client, login, seeded):
    login(seeded.caseworker)
    response = client.get("/reports/", query_string={**JANUARY_ARGS, "format": "xlsx"})
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mục", "Chỉ số", "Kỳ này", "Kỳ trước")
    visits = next(r for r in rows if r[0] == "Lượt thăm hỏi tại nhà")
    assert visits[2:] == (2, 1)
    with app.app_context():
        from sqlalchemy import select

        from marketplace.models import AuditEvent

        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export_report"))
        assert event.user_id == seeded.caseworker and event.row_count > 0


def test_the_report_downloads_as_csv(client, login, seeded):
    login(seeded.admin)
    response = client.get("/reports/", query_string={**JANUARY_ARGS, "province": 22, "format": "csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Phần", "Mục", "Chỉ số", "Kỳ này", "Kỳ trước"]
    assert ["Chỉ tiêu", "Lượt thăm hỏi tại nhà", "", "3", "1"] in rows


@pytest.mark.parametrize("args", [
    {"period": "month", "year": 2026, "part": 13},
    {"period": "quarter", "year": 2026, "part": 5},
    {"period": "year", "year": "twenty"},
    {"period": "custom", "start": "2026-02-01", "end": "2026-01-01"},
    # Past date's range once made UTC instants: a 500 before (found by the hostile-input fuzz).
    {"period": "custom", "start": "0001-01-01", "end": "0001-12-31"},
    {"period": "custom", "start": "9999-01-01", "end": "9999-12-31"},
    {"period": "weekly", "year": 2026},
    {**JANUARY_ARGS, "format": "pdf"},
    {**JANUARY_ARGS, "ward": "abc"},
])
def test_bad_choices_are_a_400_with_the_form_again(client, login, make_user, args):
    login(make_user("admin"))
    response = client.get("/reports/", query_string=args)
    assert response.status_code == 400
    assert "Báo cáo chương trình" in response.get_data(as_text=True)


def test_a_caseworker_asking_for_another_commune_gets_a_400(client, login, seeded):
    login(seeded.caseworker)
    response = client.get("/reports/", query_string={**JANUARY_ARGS, "ward": PHU_LY[1]})
    assert response.status_code == 400


def test_an_admin_asking_for_a_commune_of_another_province_gets_a_400(client, login, seeded):
    login(seeded.admin)
    response = client.get("/reports/", query_string={**JANUARY_ARGS, "province": 37, "ward": UONG_BI[1]})
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["candidate", "employer"])
def test_only_caseworkers_and_admins_see_reports(client, login, make_user, role):
    login(make_user(role))
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/exports").status_code == 403


@pytest.mark.parametrize("role", ["caseworker", "admin"])
def test_the_navigation_links_the_report_and_the_exports(client, login, make_user, role):
    login(make_user(role))
    page = client.get("/reports/").get_data(as_text=True)
    assert 'href="/reports/"' in page and 'href="/reports/exports"' in page


def test_a_year_report_ignores_the_month_number(client, login, seeded):
    login(seeded.admin)
    response = client.get("/reports/", query_string={"period": "year", "year": 2026, "part": 11, "province": 22})
    assert response.status_code == 200
    assert "Năm 2026" in response.get_data(as_text=True) and "Năm 2025" in response.get_data(as_text=True)


# --- no 500 for any input ---------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_value = st.one_of(st.text(max_size=40), st.integers(min_value=-10**6, max_value=10**6).map(str), st.just(""),
                   st.sampled_from(["month", "quarter", "half", "year", "custom", "xlsx", "csv", "22", "6811",
                                    "2026-01-01", "2025-12-31", "casework", "legal_follow_up", "referrals"]))
_FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_FUZZ
@given(data=st.data())
def test_report_and_export_choices_never_fail(app, make_user, data):
    from .conftest import PASSWORD

    if not hasattr(app, "_fuzz_users"):
        app._fuzz_users = (make_user("admin"), make_user("caseworker", areas=(UONG_BI,)))
    for user_id in app._fuzz_users:
        client = app.test_client()
        with app.app_context():
            login_name = db.session.get(User, user_id).login
        client.post("/login", data={"login": login_name, "password": PASSWORD})
        args = {k: data.draw(_value, label=k) for k in ("period", "year", "part", "start", "end", "province", "ward",
                                                        "format")}
        assert client.get("/reports/", query_string=args).status_code in (200, 400), args
        form = {k: data.draw(_value, label=k) for k in ("kind", "purpose", "format", "province", "ward")}
        assert client.post("/reports/exports", data=form).status_code in (200, 400), form
