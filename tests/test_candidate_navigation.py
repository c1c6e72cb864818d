"""A phone's navigation: a bottom tab bar on the person's pages; language and log-out under "Me"."""
import re

import pytest


@pytest.mark.parametrize("url,current", [
    ("/me/", "Việc làm"), ("/me/referrals", "Giới thiệu"), ("/me/profile", "Hồ sơ"), ("/me/more", "Tôi"),
    ("/me/consents", "Tôi"), ("/me/data", "Tôi"),
])
def test_every_page_has_the_four_tabs_with_the_current_one_marked(client, make_user, login, url, current):
    login(make_user("candidate"))
    page = client.get(url).get_data(as_text=True)
    tabs = page.split('<nav class="tabs"')[1].split("</nav>")[0]
    assert re.findall(r"<span>([^<]+)</span>", tabs) == ["Việc làm", "Giới thiệu", "Hồ sơ", "Tôi"]
    marked = re.findall(r'aria-current="page">\s*<svg class="icon" aria-hidden="true".*?</svg><span>([^<]+)', tabs)
    assert marked == [current]


def test_me_holds_the_language_switch_and_log_out(client, make_user, login):
    login(make_user("candidate"))
    page = client.get("/me/more").get_data(as_text=True)
    main = page.split('<main id="main">')[1]
    assert 'name="lang" value="en"' in main and 'action="/logout"' in main
    response = client.post("/language", data={"lang": "en", "next": "/me/more"})
    assert response.location == "/me/more"
    assert "My referrals" in client.get("/me/more").get_data(as_text=True)


def test_staff_pages_have_no_tab_bar(client, make_user, login):
    login(make_user("caseworker"))
    assert 'class="tabs"' not in client.get("/casework/").get_data(as_text=True)
