"""The programme report in a real browser: it prints on A4 (it goes into an official document)
and its charts are drawn."""
import re

from ..conftest import login_name
from .conftest import sign_in


def test_the_report_prints_on_a4_without_the_menus(live_server, page, make_user, app):
    sign_in(page, live_server, login_name(app, make_user("caseworker")))
    page.goto(live_server + "/reports/?period=quarter&year=2026&part=1")
    assert page.locator("svg.chart").count() == 3
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible() and not page.locator("form.report-form").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}   # A4 in points
