"""Exports of the caseload and the referrals: the exporter's communes only, conviction details only
for a purpose that needs them, every export audited, files safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import AuditEvent, CareTeamMember, Referral

from .conftest import PHU_LY, UONG_BI, VANG_DANH

CASELOAD_HEADER = ("STT", "Họ và tên", "Năm sinh", "Giới tính", "Xã / phường", "Điện thoại", "Cán bộ phụ trách chính",
                   "Kỹ năng", "Cần vay vốn", "Cần học nghề", "Cần giấy tờ", "Cần bảo hiểm y tế", "Đang có việc làm",
                   "Ngày lập hồ sơ")
CONVICTION_COLUMNS = {"Tình trạng pháp lý", "Nhóm tội danh", "Hình phạt", "Số tháng", "Ngày ra trại",
                      "Hết thời hạn quản lý", "Hết hình phạt bổ sung", "Ngày được xóa án tích theo luật"}


@pytest.fixture
def people(make_candidate, make_user, app):
    """Two people in Uông Bí, one in Vàng Danh and one in Phủ Lý; the Uông Bí caseworker is also on
    the care team of the Phủ Lý person (whom they see, but whose commune is not theirs)."""
    ids = {
        "an": make_candidate(UONG_BI, full_name="Trần Văn An", legal_status="probation", offence_category="property",
                             release_date=date(2025, 3, 1)),
        "formula": make_candidate(UONG_BI, full_name="=HYPERLINK(\"http://x\",\"bấm\")"),
        "vang_danh": make_candidate(VANG_DANH, full_name="Ngô Thị Vàng"),
        "phu_ly": make_candidate(PHU_LY, full_name="Lê Thị Bình"),
    }
    caseworker = make_user("caseworker", areas=(UONG_BI,))
    with app.app_context():
        db.session.add(CareTeamMember(candidate_id=ids["phu_ly"], user_id=caseworker, kind="police"))
        db.session.commit()
    return {**ids, "caseworker": caseworker}


def _export(client, **data):
    return client.post("/reports/exports", data={"kind": "caseload", "purpose": "casework", "format": "xlsx", **data})


def _rows(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    return list(book.worksheets[0].iter_rows(values_only=True))


def _events(app) -> list[AuditEvent]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("export_%"))).all()


def test_a_caseworker_exports_only_their_communes_and_it_is_audited(app, client, login, people):
    login(people["caseworker"])
    response = _export(client)
    assert response.status_code == 200
    rows = _rows(response)
    assert rows[0] == CASELOAD_HEADER
    names = {r[1] for r in rows[1:]}
    assert names == {"Trần Văn An", "=HYPERLINK(\"http://x\",\"bấm\")"}   # not the care-team person in Phủ Lý
    [event] = _events(app)
    assert (event.user_id, event.action, event.row_count, event.purpose) == (
        people["caseworker"], "export_caseload", 2, "casework")
    assert "conviction" not in event.categories


def test_conviction_columns_only_for_a_purpose_that_needs_them(app, client, login, people):
    login(people["caseworker"])
    plain = _rows(_export(client))
    assert CONVICTION_COLUMNS.isdisjoint(plain[0])
    assert not any("Xâm phạm sở hữu" in str(cell) or "Tha tù" in str(cell) for row in plain for cell in row)
    legal = _rows(_export(client, purpose="legal_follow_up"))
    assert CONVICTION_COLUMNS <= set(legal[0])
    an = next(r for r in legal if r[1] == "Trần Văn An")
    assert dict(zip(legal[0], an))["Nhóm tội danh"] == "Xâm phạm sở hữu"
    events = _events(app)
    assert [("conviction" in e.categories, e.purpose) for e in events] == [
        (False, "casework"), (True, "legal_follow_up")]


def test_an_admin_exports_everyone_or_one_province(app, client, login, make_user, people):
    login(make_user("admin"))
    assert len(_rows(_export(client))) == 1 + 4
    names = {r[1] for r in _rows(_export(client, province=22))[1:]}
    assert names == {"Trần Văn An", "=HYPERLINK(\"http://x\",\"bấm\")", "Ngô Thị Vàng"}
    assert [e.row_count for e in _events(app)] == [4, 3]


def test_a_caseworker_cannot_export_another_commune(app, client, login, people):
    login(people["caseworker"])
    response = _export(client, ward=PHU_LY[1])
    assert response.status_code == 400
    assert _events(app) == []


@pytest.mark.parametrize("field, value", [("purpose", "curiosity"), ("kind", "passwords"), ("format", "pdf")])
def test_a_choice_not_on_the_list_is_a_400(app, client, login, people, field, value):
    login(people["caseworker"])
    assert _export(client, **{field: value}).status_code == 400
    assert _events(app) == []


def test_csv_is_safe_against_formulas_and_reads_in_excel(client, login, people):
    login(people["caseworker"])
    response = _export(client, format="csv")
    assert response.mimetype == "text/csv" and response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CASELOAD_HEADER
    assert "'=HYPERLINK(\"http://x\",\"bấm\")" in [r[1] for r in rows]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_xlsx_keeps_formula_looking_text_as_text(client, login, people):
    login(people["caseworker"])
    book = openpyxl.load_workbook(io.BytesIO(_export(client).data))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value and str(c.value).startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_the_referral_export_holds_only_the_exporters_people(app, client, login, cast, make_candidate):
    elsewhere = make_candidate(PHU_LY, full_name="Lê Thị Bình")
    with app.app_context():
        db.session.add_all([Referral(candidate_id=cast.candidate, position_id=cast.position, status="sent"),
                            Referral(candidate_id=elsewhere, position_id=cast.position, status="proposed")])
        db.session.commit()
    login(cast.caseworker)
    rows = _rows(_export(client, kind="referrals"))
    assert rows[0][:4] == ("STT", "Họ và tên", "Xã / phường", "Vị trí")
    assert [r[7] for r in rows[1:]] == ["Đã gửi doanh nghiệp"]
    assert "Lê Thị Bình" not in {r[1] for r in rows}
    [event] = _events(app)
    assert (event.action, event.row_count) == ("export_referrals", 1)


def test_the_export_page_is_linked_and_explains_the_purpose(client, login, people):
    login(people["caseworker"])
    page = client.get("/reports/exports").get_data(as_text=True)
    assert "Mục đích xuất dữ liệu" in page and "Tất cả xã / phường của tôi" in page


@pytest.mark.parametrize("text", ["=1+1", "+84912", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_quoted_in_csv(text):
    from marketplace.services.tabular import csv_safe

    assert csv_safe(text) == "'" + text
    assert csv_safe("Nguyễn Văn A") == "Nguyễn Văn A" and csv_safe(-5) == -5
