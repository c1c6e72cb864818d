"""The programme report in a real browser: it prints on A4 (it goes into an official document)
and its charts are drawn."""
import re

from tests.conftest import PASSWORD


def test_the_report_prints_on_a4_without_the_menus(live_server, page, make_user, app):
    from marketplace.extensions import db
    from marketplace.models import User

    uid = make_user("caseworker")
    with app.app_context():
        login = db.session.get(User, uid).login
    page.goto(live_server + "/login")
    page.get_by_label("Số điện thoại hoặc e-mail").fill(login)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server + "/reports/?period=quarter&year=2026&part=1")
    assert page.locator("svg.chart").count() == 3
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible() and not page.locator("form.report-form").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}   # A4 in points
