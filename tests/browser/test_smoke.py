"""A person's first minutes, in a real browser at phone width."""
from ..conftest import PHU_LY, login_name
from .conftest import fits_the_screen, sign_in


def test_landing_page_switches_to_english_and_back(live_server, page):
    page.goto(live_server + "/")
    assert page.locator("h1").inner_text() == "Việc làm và học nghề cho một khởi đầu mới"
    assert fits_the_screen(page)
    page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "Work and training for a fresh start"
    page.get_by_role("button", name="Tiếng Việt").click()
    assert page.locator("h1").inner_text().startswith("Việc làm")


def test_a_candidate_logs_in_on_a_phone(live_server, page, make_user, app):
    sign_in(page, live_server, login_name(app, make_user("candidate")))
    assert page.url.endswith("/me/")
    assert "Xin chào" in page.locator("h1").inner_text()
    assert fits_the_screen(page)
    page.get_by_role("button", name="Đăng xuất").click()
    assert "Bạn đã đăng xuất" in page.content()


def test_communes_follow_the_province_with_javascript(live_server, page):
    page.goto(live_server + "/register")
    assert not page.get_by_role("button", name="Hiện danh sách xã / phường").is_visible()
    page.get_by_label("Tỉnh / thành phố").select_option(str(PHU_LY[0]))
    ward = page.get_by_label("Xã / phường")
    ward.locator(f'option[value="{PHU_LY[1]}"]').wait_for(state="attached")
    ward.select_option(str(PHU_LY[1]))
    assert ward.input_value() == str(PHU_LY[1])
