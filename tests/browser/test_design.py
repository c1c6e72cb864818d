"""What the design promises, measured in the browser over the demo programme: light candidate
pages that work on a slow phone network, tables that keep their labels on a phone, the required
mark on the label's line, and pages that print as content."""
import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "loive-demo-2026"
CANDIDATE_PAGES = ["/me/", "/me/referrals", "/me/profile", "/me/more", "/me/consents"]
BUDGET = 100_000  # bytes on the wire for a first visit, with an empty cache
# Chrome DevTools' "Slow 3G": 400 ms round trip, 400 kbit/s each way.
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


def _signed_in_state(watched, app, login):
    tab = watched(app.base_url, "design-sign-in", viewport=PHONE)
    tab.log_in(login, DEMO_PASSWORD)
    return tab.context.storage_state()


def _first_visit(browser, app, state, path, network=None):
    """Open path in a fresh context (empty cache) and return (page, [(url, bytes)])."""
    context = browser.new_context(viewport=PHONE, base_url=app.base_url, storage_state=state)
    page = context.new_page()
    if network:
        page.context.new_cdp_session(page).send("Network.emulateNetworkConditions", network)
    requests, failed = [], []
    page.on("request", lambda request: requests.append(request))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(path, wait_until="networkidle")
    assert not failed, failed
    sizes = [(r.url, r.sizes()) for r in requests]
    return page, [(url, s["responseBodySize"] + s["responseHeadersSize"]) for url, s in sizes]


def test_candidate_pages_weigh_under_100_kb_on_a_first_visit(browser, watched, demo_server):
    state = _signed_in_state(watched, demo_server, "0912000001")
    weights = {}
    for path in CANDIDATE_PAGES:
        page, transferred = _first_visit(browser, demo_server, state, path)
        assert page.url.endswith(path)
        total = sum(size for _url, size in transferred)
        weights[path] = (total, len(transferred))
        page.context.close()
        assert total < BUDGET, f"{path} transferred {total} bytes: {transferred}"
    print("\nfirst-visit weight of candidate pages (bytes, requests):",
          ", ".join(f"{p} {w} B / {n}" for p, (w, n) in weights.items()))


def test_a_person_on_slow_3g_sees_their_jobs_and_can_move_between_tabs(browser, watched, demo_server):
    state = _signed_in_state(watched, demo_server, "0912000002")
    page, transferred = _first_visit(browser, demo_server, state, "/me/", network=SLOW_3G)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".job-card").first).to_be_visible()
    page.get_by_role("navigation", name="Trang của tôi").get_by_role("link", name="Giới thiệu").click()
    expect(page.locator("h1")).to_have_text("Các lượt giới thiệu của tôi")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.context.close()


def test_tables_keep_their_column_names_on_a_phone(watched, demo_server):
    tab = watched(demo_server.base_url, "design-caseload-phone", viewport=PHONE)
    tab.log_in("canbo.phuly@loive.vn", DEMO_PASSWORD)
    tab.check("caseload at phone width")
    table = tab.page.locator("table.table").first
    headers = table.locator("thead th").all_inner_texts()
    assert headers
    first_row = table.locator("tbody tr").first
    shown = first_row.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content.replace(/^\"|\"$/g, ''))")
    assert shown == headers
    assert first_row.locator("td").first.bounding_box()["width"] > 300  # stacked, full width


def test_without_javascript_a_table_scrolls_in_its_box_and_the_page_fits(browser, demo_server, watched):
    state = _signed_in_state(watched, demo_server, "canbo.phuly@loive.vn")
    context = browser.new_context(viewport=PHONE, base_url=demo_server.base_url, storage_state=state,
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto("/casework/")
    expect(page.locator("table.table thead th").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_the_required_mark_is_on_the_labels_line(watched, demo_server):
    tab = watched(demo_server.base_url, "design-login-phone", viewport=PHONE)
    tab.goto("/login")
    tab.check("login")
    label = tab.page.locator('label[for="password"]')
    mark = label.locator(".req")
    assert abs(mark.bounding_box()["y"] - label.bounding_box()["y"]) < 4
    assert label.bounding_box()["height"] < 40  # one line


def test_a_printed_page_is_its_content_without_navigation_or_controls(watched, demo_server):
    tab = watched(demo_server.base_url, "design-print")
    tab.log_in("tuyendung@dakienkhe.vn", DEMO_PASSWORD)
    page = tab.page
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("main .actions").first).to_be_hidden()
    expect(page.locator("table.table thead th").first).to_be_visible()
    expect(page.locator("h1")).to_be_visible()
    assert len(page.pdf(format="A4")) > 1000
