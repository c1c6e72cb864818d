"""The admin's overview: companies awaiting verification, each caseworker's load, the model in
use, a place for the last imports."""
from __future__ import annotations

import re
from datetime import timedelta

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import CaseNote, Milestone, User
from marketplace.services import overview, ranking

from .conftest import PHU_LY, UONG_BI, VANG_DANH
from .test_model_versions import history  # noqa: F401 (a fixture: a small programme to train on)


def _row(page: str, name: str) -> list[str]:
    """The cells of the load table's row for one caseworker."""
    row = re.search(r"<tr>\s*<td[^>]*><a[^>]*>" + re.escape(name) + r"</a></td>(.*?)</tr>", page, re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def test_caseworker_load_counts_people_and_visits_due(app, client, login, make_user, make_candidate):
    busy = make_user("caseworker", areas=(UONG_BI, VANG_DANH))
    idle = make_user("caseworker", areas=(PHU_LY,))
    visited, _never, left = (make_candidate(UONG_BI) for _ in range(3))
    make_candidate(VANG_DANH)                          # never visited: due, like "_never"
    with app.app_context():
        today = clock.today()
        db.session.add(CaseNote(candidate_id=visited, kind="visit", body="…", occurred_on=today - timedelta(days=5)))
        db.session.add(Milestone(candidate_id=left, kind="out_of_management", occurred_on=today))
        db.session.commit()
        assert overview.caseworker_load([busy, idle]) == {busy: overview.Load(people=4, visits_due=2)}
    login(make_user("admin"))
    page = client.get("/admin/").get_data(as_text=True)
    with app.app_context():
        busy_name, idle_name = (db.session.get(User, i).full_name for i in (busy, idle))
    assert _row(page, busy_name) == ["2", "4", "2"]
    assert _row(page, idle_name) == ["1", "0", "0"]


def test_the_overview_lists_companies_awaiting_verification(app, client, login, make_user):
    employer = make_user("employer")
    login(make_user("admin"))
    page = client.get("/admin/").get_data(as_text=True)
    with app.app_context():
        company = db.session.get(User, employer).membership.employer
    assert company.name in page and f'action="/admin/employers/{company.id}/verify"' in page


def test_the_overview_shows_the_model_in_use(app, history, client, make_user, login):  # noqa: F811
    login(make_user("admin"))
    assert "Chưa huấn luyện mô hình" in client.get("/admin/").get_data(as_text=True)
    with app.app_context():
        ranking.train()
        version = ranking.model_version()
    page = client.get("/admin/").get_data(as_text=True)
    assert version in page and 'href="/admin/model"' in page


def test_the_overview_links_the_report_and_exports_and_pages_its_caseworkers(app, client, login, make_user):
    app.config["PAGE_SIZE"] = 2
    for _ in range(3):
        make_user("caseworker")
    login(make_user("admin"))
    page = client.get("/admin/").get_data(as_text=True)
    assert 'href="/reports/"' in page and 'href="/reports/exports"' in page
    assert "page=2" in page
    assert client.get("/admin/?page=2").status_code == 200


def test_the_overview_lists_the_last_imports(app, client, login, make_user):
    from .test_caseload_import import person, token_of, upload, xlsx

    admin = make_user("admin")
    login(admin)
    assert "Chưa nhập danh sách nào" in client.get("/admin/").get_data(as_text=True)
    token = token_of(upload(client, xlsx([person()]), name="xa-uong-bi.xlsx"))
    assert client.post(f"/imports/{token}/confirm").status_code == 302
    page = client.get("/admin/").get_data(as_text=True)
    with app.app_context():
        name = db.session.get(User, admin).full_name
    row = re.search(r"<td>[^<]*</td>\s*<td>" + re.escape(name) + r"</td>\s*<td>xa-uong-bi.xlsx</td>\s*"
                    r"<td>1</td>", page)
    assert row is not None, page
