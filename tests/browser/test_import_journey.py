"""A caseworker brings their Excel caseload in, in a real browser (issue 13, item 5)."""
from pathlib import Path

from openpyxl import Workbook

from ..conftest import UONG_BI, login_name
from .conftest import fits_the_screen, sign_in

SCREENSHOTS = Path(__file__).parent / "screenshots"


def _caseload_file(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Số điện thoại", "Xã/phường",
                  "Tình trạng pháp lý", "Ngày ra trại", "Kỹ năng"])
    sheet.append(["Đinh Văn Khải", 1988, "Nam", "022088000101", "0912000101", "Phường Uông Bí",
                  "Đã chấp hành xong án tù", "02/05/2024", "Hàn"])
    sheet.append(["Mai Thị Hồng", 1992, "Nữ", "02209200010", "0912000102", "Phường Uông Bí", "", "", ""])
    sheet.append(["Lý Văn Sơn", 1979, "Nam", "022079000103", "0912000103", "Xã Không Có Thật", "", "", ""])
    sheet.append(["Tạ Thị Liên", 1995, "Nữ", "022095000104", "0912000104", "uong bi", "", "", "May công nghiệp"])
    book.save(path)
    return path


def test_a_caseworker_imports_a_small_caseload_sees_the_errors_then_the_people(
        live_server, browser, make_user, app, tmp_path):
    login = login_name(app, make_user("caseworker", areas=(UONG_BI,)))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    failures, console_errors = [], []
    # The site has no favicon yet (issue 13 adds one): its 404 is not this journey's.
    page.on("response", lambda r: failures.append((r.status, r.url))
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.on("console", lambda m: console_errors.append(m.text)
            if m.type == "error" and "favicon" not in m.text and "404" not in m.text else None)
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        sign_in(page, live_server, login)
        page.get_by_role("link", name="Nhập danh sách từ Excel").click()
        assert page.locator("h1").inner_text() == "Nhập danh sách người được quản lý"

        page.get_by_label("Danh sách (Excel .xlsx hoặc CSV)").set_input_files(
            str(_caseload_file(tmp_path / "danh-sach-uong-bi.xlsx")))
        page.get_by_role("button", name="Tải lên và xem trước").click()
        assert page.locator("h1").inner_text() == "Xem trước khi nhập"
        errors = page.locator("#import-rows .errors li").all_inner_texts()
        assert errors == [
            "Dòng 3, cột “Số CCCD”: Số căn cước có 12 chữ số; số này có 11. Nếu số bắt đầu bằng 0, "
            "hãy định dạng cột là văn bản để Excel giữ số 0.",
            "Dòng 4, cột “Xã/phường”: Không có xã nào tên này sau khi sắp xếp đơn vị hành chính tháng "
            "7/2025. Hãy ghi tên mới (tên cũ không được nhận).",
        ]
        assert page.locator("#import-rows .import-create").count() == 2
        assert fits_the_screen(page)
        page.screenshot(path=str(SCREENSHOTS / "import-preview.png"), full_page=True)

        page.get_by_role("button", name="Nhập những người này").click()
        assert page.url.endswith("/casework/")
        assert "tạo mới 2" in page.locator(".flash").inner_text()
        caseload = page.locator("table").inner_text()
        assert "Đinh Văn Khải" in caseload and "Tạ Thị Liên" in caseload
        assert "Mai Thị Hồng" not in caseload and "Lý Văn Sơn" not in caseload
        assert fits_the_screen(page)
        page.screenshot(path=str(SCREENSHOTS / "import-caseload.png"), full_page=True)
    finally:
        context.close()
    assert failures == [] and console_errors == []
