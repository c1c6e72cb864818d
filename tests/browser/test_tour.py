"""Every role's pages, reached by clicking its navigation, each held to `Tab.check` (no error, fits
the screen, one h1, the right lang, no axe-core violation, every control reachable by keyboard)."""
import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "loive-demo-2026"


def _tour(tab, nav_name: str) -> None:
    """Click each link of a navigation in turn, checking the page it opens."""
    links = tab.page.get_by_role("navigation", name=nav_name).get_by_role("link")
    count = links.count()
    assert count
    for n in range(count):
        name = links.nth(n).inner_text().split("\n")[0].strip()
        links.nth(n).click()
        tab.check(name)


def test_the_public_pages(watched, demo_server):
    tab = watched(demo_server.base_url, "tour-public", viewport=PHONE)
    tab.goto("/")
    tab.check("landing")
    for link in ("Tôi đang tìm việc", "Đăng nhập"):
        tab.goto("/")
        tab.page.get_by_role("main").get_by_role("link", name=link).click()
        tab.check(link)
    tab.page.get_by_role("link", name="Nhận hồ sơ của tôi").click()
    tab.check("claim")
    tab.goto("/incentives")
    tab.check("incentives")


@pytest.mark.parametrize("login, viewport", [
    ("admin@loive.vn", DESKTOP), ("canbo.uongbi@loive.vn", DESKTOP), ("nhansu@mayphuly.vn", DESKTOP),
    ("canbo.uongbi@loive.vn", PHONE), ("nhansu@mayphuly.vn", PHONE),
])
def test_staff_pages(watched, demo_server, login, viewport):
    tab = watched(demo_server.base_url, f"tour-{login.split('@')[0]}-{viewport['width']}", viewport=viewport)
    tab.log_in(login, DEMO_PASSWORD)
    tab.check("home")
    _tour(tab, "Chính")


def test_a_caseworker_reads_every_tab_of_a_record(watched, demo_server):
    tab = watched(demo_server.base_url, "tour-record", viewport=PHONE)
    tab.log_in("canbo.uongbi@loive.vn", DEMO_PASSWORD)
    tab.page.get_by_label("Tìm theo tên").fill("Trần Thị Mai")
    tab.page.get_by_role("button", name="Tìm").click()
    tab.page.get_by_role("link", name="Trần Thị Mai", exact=True).click()
    expect(tab.page.locator("h1")).to_have_text("Trần Thị Mai")
    tab.check("record")
    _tour(tab, "Hồ sơ")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_persons_pages_on_a_phone(watched, demo_server, lang):
    tab = watched(demo_server.base_url, f"tour-person-{lang}", viewport=PHONE)
    tab.log_in("0912000002", DEMO_PASSWORD)
    if lang == "en":
        tab.page.get_by_role("button", name="English").click()
        tab.lang = "en"
    tab.check("home")
    _tour(tab, "Trang của tôi" if lang == "vi" else "My pages")
    pages = tab.page.get_by_role("navigation", name="Trang của tôi" if lang == "vi" else "My pages")
    for n in range(3):  # what I share, my data, my password: the "Me" tab's links
        pages.get_by_role("link").last.click()
        tab.page.get_by_role("main").locator("li.card a").nth(n).click()
        tab.check(f"more {n}")
    if lang == "en":  # leave the demo account in Vietnamese for the other tests
        tab.page.get_by_role("button", name="Tiếng Việt").click()
