"""Importing a caseload list from Excel or CSV (issue 11, item 2): preview, confirm, idempotence,
scope, the template and safe reading."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import AuditEvent, CandidateProfile, CaseloadImport
from marketplace.services import imports

from .conftest import PHU_LY, UONG_BI

HEADERS = ["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Số điện thoại", "Xã/phường",
           "Tình trạng pháp lý", "Ngày ra trại", "Loại hình phạt", "Số tháng tù", "Nhóm tội", "Kỹ năng",
           "Nhu cầu hỗ trợ"]


def person(name="Nguyễn Văn An", year=1990, cccd="022090001234", phone="0912345678", commune="Phường Uông Bí",
           status="Đã chấp hành xong án tù", released="15/03/2024", sentence="Tù có thời hạn", months=36,
           offence="Xâm phạm sở hữu", skills="Hàn, Lái xe", needs="Vay vốn"):
    return [name, year, "Nam", cccd, phone, commune, status, released, sentence, months, offence, skills, needs]


def xlsx(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, name="danh-sach.xlsx"):
    return client.post("/imports/", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def token_of(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location.rstrip("/").split("/")[-1]


def people(app) -> list[CandidateProfile]:
    with app.app_context():
        return db.session.scalars(select(CandidateProfile).order_by(CandidateProfile.id)).all()


@pytest.fixture
def caseworker(make_user, login):
    uid = make_user("caseworker", areas=(UONG_BI,))
    login(uid)
    return uid


def test_the_same_file_imported_twice_creates_no_duplicates(app, client, caseworker):
    data = xlsx([person(), person("Trần Thị Bình", cccd="022190004321", phone="0987654321")])
    token = token_of(upload(client, data))
    assert people(app) == []  # the preview writes nobody
    client.post(f"/imports/{token}/confirm")
    first = [(p.id, p.full_name, p.citizen_id, p.updated_at) for p in people(app)]
    assert [p[1] for p in first] == ["Nguyễn Văn An", "Trần Thị Bình"]

    token = token_of(upload(client, data))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert page.count("import-unchanged") == 2 and "import-create" not in page
    client.post(f"/imports/{token}/confirm")
    assert [(p.id, p.full_name, p.citizen_id, p.updated_at) for p in people(app)] == first


def test_imported_people_carry_the_files_values_and_join_the_caseload(app, client, caseworker):
    client.post(f"/imports/{token_of(upload(client, xlsx([person()])))}/confirm")
    [p] = people(app)
    assert (p.full_name, p.birth_year, p.gender, p.citizen_id, p.phone) == (
        "Nguyễn Văn An", 1990, "male", "022090001234", "0912345678")
    assert (p.province_code, p.ward_code, p.caseworker_id) == (*UONG_BI, caseworker)
    assert (p.legal_status, p.release_date, p.sentence_kind, p.sentence_months, p.offence_category) == (
        "released", date(2024, 3, 15), "prison", 36, "property")
    assert p.expungement_date == date(2026, 3, 15)  # 3 years of prison: 2 years' wait (art. 70)
    assert p.skills == ["welding", "driving"] and p.needs_loan and not p.needs_training
    assert "Nguyễn Văn An" in client.get("/casework/").get_data(as_text=True)


def test_a_file_with_bad_rows_writes_nothing_until_confirmed_and_names_each_bad_cell(app, client, caseworker):
    future = (date.today() + timedelta(days=30)).strftime("%d/%m/%Y")
    data = xlsx([
        person("Người Đúng Một", cccd="022090000001", phone="0912000001"),                 # row 2
        person("Sai Căn Cước", cccd="02209000123", phone="0912000002"),                    # row 3
        person("Sai Xã", cccd="022090000003", phone="0912000003", commune="Xã Không Tồn Tại"),  # row 4
        person("Ngày Tương Lai", cccd="022090000004", phone="0912000004", released=future),  # row 5
        person("Chữ Trong Số", year="một chín chín mươi", cccd="022090000005", phone="0912000005"),  # row 6
        person("Có Công Thức", cccd="022090000006", phone="0912000006", months="=12*3"),   # row 7
        [],                                                                                # row 8
        person("Người Đúng Hai", cccd="022090000009", phone="0912000009"),                 # row 9
    ])
    token = token_of(upload(client, data))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert people(app) == []

    def error_at(row: int, column: str) -> str:
        found = re.search(rf"Dòng {row}, cột “{column}”: ([^<]+)<", page)
        assert found, (row, column)
        return found.group(1)

    assert "12 chữ số" in error_at(3, "Số CCCD")
    assert "Không có xã" in error_at(4, "Xã/phường")
    assert "tương lai" in error_at(5, "Ngày ra trại")
    assert "số nguyên" in error_at(6, "Năm sinh")
    assert "công thức" in error_at(7, "Số tháng tù")
    assert re.search(r"<td>8</td>\s*<td>—</td>\s*<td><span class=\"badge\">Dòng trống", page)
    assert page.count("import-error") == 5 and page.count("import-create") == 2
    for row in (2, 9):
        assert f"Dòng {row}, cột" not in page

    client.post(f"/imports/{token}/confirm")
    assert [p.full_name for p in people(app)] == ["Người Đúng Một", "Người Đúng Hai"]
    with app.app_context():
        record = db.session.scalar(select(CaseloadImport))
        assert (record.status, record.created, record.updated, record.errors, record.payload) == (
            "done", 2, 0, 5, None)


def test_errors_are_explained_in_english_too(client, caseworker):
    client.post("/language", data={"lang": "en"})
    token = token_of(upload(client, xlsx([person(cccd="12345")])))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "Row 2, column “Số CCCD”: A citizen ID number has 12 digits; this one has 5." in page


def test_a_caseworker_cannot_import_into_another_commune(app, client, caseworker, make_candidate):
    theirs = make_candidate(PHU_LY, full_name="Lê Văn Ở Phủ Lý", citizen_id="037080000001")
    data = xlsx([person("Người Phủ Lý", cccd="037080000002", phone="0912000010", commune="Phường Phủ Lý"),
                 person("Đổi Tên Người Khác", cccd="037080000001", phone="0912000011")])
    token = token_of(upload(client, data))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "Dòng 2, cột “Xã/phường”: Xã này không thuộc các xã bạn phụ trách." in page
    assert "Dòng 3, cột “Số CCCD”: Người này đã có hồ sơ ngoài các xã bạn phụ trách" in page
    client.post(f"/imports/{token}/confirm")
    assert [(p.id, p.full_name) for p in people(app)] == [(theirs, "Lê Văn Ở Phủ Lý")]


def test_an_admin_imports_anywhere_and_names_the_province_when_a_name_is_shared(app, client, make_user, login):
    login(make_user("admin"))
    data = xlsx([person("Ở Phủ Lý Ninh Bình", commune="Phường Phủ Lý, Ninh Bình"),
                 person("Tên Trùng", cccd="022090000002", phone="0912000002", commune="Phủ Lý")])
    token = token_of(upload(client, data))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "Dòng 3, cột “Xã/phường”: Nhiều xã có tên này" in page
    client.post(f"/imports/{token}/confirm")
    [p] = people(app)
    assert (p.full_name, p.province_code, p.ward_code, p.caseworker_id) == ("Ở Phủ Lý Ninh Bình", *PHU_LY, None)


def test_the_template_downloads_and_reimports_cleanly(app, client, caseworker):
    response = client.get("/imports/template.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[:6] == ["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Số điện thoại", "Xã/phường"]
    assert {"Tình trạng pháp lý", "Ngày ra trại", "Loại hình phạt", "Số tháng tù", "Nhóm tội", "Kỹ năng",
            "Nhu cầu hỗ trợ"} <= set(headers)

    token = token_of(upload(client, response.data, "mau-danh-sach.xlsx"))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "import-error" not in page and "Không có gì để nhập" in page

    # Filled with the guide sheet's example row, it imports without a single error.
    example = [row[1].value for row in book["Hướng dẫn"].iter_rows(min_row=2)]
    book.worksheets[0].append(example)
    out = io.BytesIO()
    book.save(out)
    token = token_of(upload(client, out.getvalue(), "mau-danh-sach.xlsx"))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "import-error" not in page and page.count("import-create") == 1
    client.post(f"/imports/{token}/confirm")
    assert [p.full_name for p in people(app)] == ["Nguyễn Văn An"]


def _cp1258(text: str) -> bytes:
    """Excel's Vietnamese code page: a base letter (with its hat) and a combining tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            head = unicodedata.normalize("NFC", base + (marks[0] if marks and marks[0] in "\u0302\u0306\u031b" else ""))
            rest = marks[1:] if head != base else marks
            out += head.encode("cp1258") + "".join(rest).encode("cp1258")
    return out


@pytest.mark.parametrize("encode", [lambda t: t.encode("utf-8"), lambda t: t.encode("utf-8-sig"), _cp1258],
                         ids=["utf-8", "utf-8 with BOM", "cp1258"])
def test_a_csv_list_with_english_or_unaccented_headers_is_read(app, client, caseworker, encode):
    text = ("FULL NAME;birth year;Citizen ID;ho va ten khac;so dien thoai;XA / PHUONG;Gender\r\n"
            "Phạm Thị Hương;1985;022085001111;x;0912 111 222;phường uông bí;Nữ\r\n")
    token = token_of(upload(client, encode(text), "ds.csv"))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "Không nhận ra các cột: ho va ten khac" in page
    client.post(f"/imports/{token}/confirm")
    [p] = people(app)
    assert (p.full_name, p.birth_year, p.gender, p.phone, p.ward_code) == (
        "Phạm Thị Hương", 1985, "female", "0912111222", UONG_BI[1])


def test_a_person_is_found_by_citizen_id_else_by_phone_and_only_what_the_file_says_changes(
        app, client, caseworker, make_candidate):
    by_id = make_candidate(UONG_BI, full_name="Tên Cũ", citizen_id="022090007777", birth_year=1970,
                           skills=["farming"])
    by_phone = make_candidate(UONG_BI, full_name="Không Có Căn Cước", phone="0912000333")
    data = xlsx([["Tên Mới", "", "", "022090007777", "", ""],
                 ["Không Có Căn Cước", 1988, "", "", "0912000333", ""]],
                headers=["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Số điện thoại", "Xã/phường"])
    token = token_of(upload(client, data))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert page.count("import-update") == 2
    client.post(f"/imports/{token}/confirm")
    found = {p.id: p for p in people(app)}
    assert len(found) == 2
    assert (found[by_id].full_name, found[by_id].birth_year, found[by_id].skills) == ("Tên Mới", 1970, ["farming"])
    assert (found[by_phone].birth_year, found[by_phone].ward_code) == (1988, UONG_BI[1])


def test_the_same_person_twice_in_a_file_and_an_expunged_record_are_refused(app, client, caseworker,
                                                                           make_candidate):
    make_candidate(UONG_BI, full_name="Đã Xóa Án Tích", citizen_id="022090008888", legal_status="expunged",
                   expungement_date=date(2025, 1, 2))
    data = xlsx([person(), person("Trùng", phone="0912000999"),
                 person("Đã Xóa Án Tích", cccd="022090008888", phone="0912000777")])
    token = token_of(upload(client, data))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "Dòng 3, cột “Số CCCD”: Số căn cước này đã có ở dòng 2." in page
    assert "Dòng 4, cột “Tình trạng pháp lý”: Người này đã được xóa án tích" in page


def test_rows_that_would_find_the_same_person_or_share_a_phone_alone_are_refused(app, client, caseworker,
                                                                                 make_candidate):
    no_id = make_candidate(UONG_BI, full_name="Chưa Có Căn Cước", phone="0912000666")
    data = xlsx([person("Anh", cccd="022090006661", phone="0912000666"),
                 person("Em", cccd="022090006662", phone="0912000666"),
                 person("Chỉ Có Số", cccd="", phone="0912000555"),
                 person("Có Căn Cước", cccd="022090005551", phone="0912000555")])
    token = token_of(upload(client, data))
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "Dòng 3, cột “Số CCCD”: Đây là cùng một người với dòng 2." in page
    assert "Dòng 4, cột “Số điện thoại”: Số điện thoại này đã có ở dòng 5" in page
    client.post(f"/imports/{token}/confirm")
    found = {p.full_name: p for p in people(app)}
    assert set(found) == {"Anh", "Có Căn Cước"} and found["Anh"].id == no_id
    assert found["Anh"].citizen_id == "022090006661"


def test_a_preview_is_its_uploaders_alone_and_a_second_confirm_changes_nothing(app, client, caseworker,
                                                                              make_user, login):
    token = token_of(upload(client, xlsx([person()])))
    assert client.post(f"/imports/{token}/confirm").status_code == 302
    again = client.post(f"/imports/{token}/confirm")
    assert again.status_code == 302 and again.location.endswith("/casework/")
    assert len(people(app)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseloadImport)) == 1

    other_token = token_of(upload(client, xlsx([person("Người Khác", cccd="022090000099", phone="0912000099")])))
    client.post("/logout")
    login(make_user("caseworker", areas=(UONG_BI,)))
    assert client.get("/imports/").status_code == 200
    assert client.get(f"/imports/{other_token}").status_code == 404
    assert client.post(f"/imports/{other_token}/confirm").status_code == 404
    assert len(people(app)) == 1


def test_roles_other_than_caseworker_and_admin_are_refused(client, make_user, login):
    for role in ("candidate", "employer"):
        login(make_user(role))
        assert client.get("/imports/").status_code == 403
        assert client.get("/imports/template.xlsx").status_code == 403


def test_each_import_is_recorded_audited_and_listed(app, client, caseworker):
    client.post(f"/imports/{token_of(upload(client, xlsx([person()]), 'ds-thang-11.xlsx'))}/confirm")
    with app.app_context():
        [(record, who)] = imports.last_imports()
        assert (record.file_name, record.created, who.id) == ("ds-thang-11.xlsx", 1, caseworker)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import_caseload"))
        assert (event.user_id, event.subject_id) == (caseworker, record.id)
        assert "conviction" in event.categories
    page = client.get("/imports/").get_data(as_text=True)
    assert "ds-thang-11.xlsx" in page


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("data, name, message", [
    (b"", "empty.xlsx", "Tệp trống"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.xls", "không phải tệp Excel đọc được"),
    (b"PK\x03\x04 not really a zip", "hong.xlsx", "không phải tệp Excel đọc được"),
    ("Tên,Tuổi\r\nAn,30\r\n".encode(), "ds.csv", "không có cột"),
    ("Họ và tên;Xã/phường\nAn;Uông Bí\n".encode(), "doi-ten.xlsx", "không phải tệp Excel đọc được"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "anh.png", "Hãy tải danh sách lên dưới dạng tệp Excel"),
    (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "ds.csv", "Hãy tải danh sách lên dưới dạng tệp Excel"),
    (_zip({"readme.txt": b"not a workbook"}), "ds.xlsx", "không phải tệp Excel đọc được"),
], ids=["empty", "old xls", "damaged", "no required column", "text renamed xlsx", "image", "program",
        "zip not a workbook"])
def test_req_18_a_file_that_cannot_be_read_is_a_400_with_the_reason(app, client, caseworker, data, name, message):
    response = upload(client, data, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseloadImport)) == 0


def test_no_file_at_all_is_a_400_in_either_language(client, caseworker):
    response = client.post("/imports/", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Hãy chọn tệp để tải lên." in response.get_data(as_text=True)
    client.post("/language", data={"lang": "en"})
    response = client.post("/imports/", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Choose the file to upload." in response.get_data(as_text=True)


def test_req_18_too_many_rows_is_refused(client, caseworker, monkeypatch):
    monkeypatch.setattr(imports.reading, "MAX_ROWS", 3)
    response = upload(client, xlsx([person(cccd=f"0220900000{i:02d}", phone=f"09120000{i:02d}") for i in range(4)]))
    assert response.status_code == 400 and "nhiều hơn 3 dòng" in response.get_data(as_text=True)


def test_req_18_an_xlsx_that_inflates_past_the_limit_is_refused_unread(client, caseworker, monkeypatch):
    monkeypatch.setattr(imports.reading, "MAX_UNZIPPED", 1024 * 1024)
    with zipfile.ZipFile(io.BytesIO(xlsx([person()]))) as workbook:
        members = {item.filename: workbook.read(item.filename) for item in workbook.infolist()}
    bomb = _zip({**members, "xl/media/padding.bin": b"\x00" * (2 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024  # small on the wire, 2 MB once opened

    def never(*_args, **_kwargs):
        raise AssertionError("openpyxl opened a file past the limit")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    response = upload(client, bomb)
    assert response.status_code == 400 and "Tệp quá lớn khi mở ra" in response.get_data(as_text=True)


def test_req_18_a_body_over_max_content_length_is_a_friendly_413(app, client, caseworker):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert 0 < limit <= 10 * 1024 * 1024
    response = upload(client, b"x" * (limit + 1), "lon.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Tệp quá lớn." in page and response.headers["X-Request-Id"] in page
    assert "Traceback" not in page and "RequestEntityTooLarge" not in page
    response = client.post("/api/v1/tokens", data=b"{" + b" " * limit + b"}", content_type="application/json")
    assert response.status_code == 413 and response.is_json
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseloadImport)) == 0


def _served_files(app) -> dict:
    """Every file under a folder the app serves as static files, with its size and time."""
    folders = {app.static_folder} | {bp.static_folder for bp in app.blueprints.values() if bp.static_folder}
    return {path: (path.stat().st_size, path.stat().st_mtime_ns)
            for folder in folders for path in Path(folder).rglob("*") if path.is_file()}


def test_req_18_an_upload_is_kept_in_the_database_never_in_a_served_folder(app, client, caseworker):
    before = _served_files(app)
    marker = "Người Đánh Dấu Chín Chín"
    hostile = "../../marketplace/static/ds.xlsx"
    token = token_of(upload(client, xlsx([person(marker)]), hostile))
    assert client.get(f"/imports/{token}").status_code == 200
    assert _served_files(app) == before
    assert client.get("/static/ds.xlsx").status_code == 404
    with app.app_context():
        pending = db.session.scalar(select(CaseloadImport).where(CaseloadImport.token == token))
        assert marker in str(pending.payload)  # the table waits in the database row


def test_req_18_an_excel_file_with_an_external_entity_is_refused_unread(client, caseworker, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("BI-MAT-KHONG-DUOC-LO")
    source = io.BytesIO(xlsx([["Nguyễn Văn An", 1990, "Nam", "022090001234", "0912345678", "Phường Uông Bí"]]))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            body = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"?>", f'?><!DOCTYPE x [<!ENTITY leak SYSTEM "file://{secret}">]>'.encode(), 1)
                body = body.replace("Nguyễn Văn An".encode(), b"&leak;")
            new.writestr(item, body)
    response = upload(client, out.getvalue())
    assert response.status_code == 400 and "BI-MAT" not in response.get_data(as_text=True)


def test_req_18_openpyxl_reads_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_the_command_previews_then_commits_with_a_progress_bar(app, tmp_path, make_user):
    uid = make_user("caseworker", areas=(UONG_BI,))
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([person(), person("Sai", cccd="1", phone="0912000002")]))
    with app.app_context():
        from marketplace.models import User

        login = db.session.get(User, uid).login
    runner = app.test_cli_runner()
    result = runner.invoke(args=["caseload", "import", str(path), "--as", login])
    assert result.exit_code == 0, result.output
    assert "Checking rows" in result.output and "1 to create" in result.output and "row 3, Số CCCD" in result.output
    assert people(app) == []
    result = runner.invoke(args=["caseload", "import", str(path), "--as", login, "--commit"])
    assert result.exit_code == 0 and "Imported: 1 created" in result.output
    [p] = people(app)
    assert p.caseworker_id == uid
    result = runner.invoke(args=["caseload", "import", str(path), "--commit"])
    assert "0 to create, 0 to update, 1 unchanged" in result.output
    assert len(people(app)) == 1


def test_an_upload_left_unconfirmed_is_gone_after_a_day(app, client, caseworker):
    old = token_of(upload(client, xlsx([person()])))
    fresh = token_of(upload(client, xlsx([person("Hôm Nay", cccd="022090000077", phone="0912000077")])))
    with app.app_context():
        record = db.session.scalar(select(CaseloadImport).where(CaseloadImport.token == old))
        record.created_at = record.created_at - timedelta(days=2)
        db.session.commit()
    assert client.get(f"/imports/{old}").status_code == 404
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert "unconfirmed caseload uploads: 1 rows" in result.output
    with app.app_context():
        assert db.session.scalars(select(CaseloadImport.token)).all() == [fresh]
    assert client.post(f"/imports/{old}/confirm").status_code == 404
    assert people(app) == []
