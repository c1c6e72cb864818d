"""/api/v1/positions for a company: create, change, close, with the position service's rules."""
from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import Position

from .conftest import UONG_BI

GOOD = {"kind": "job", "title": "Thợ hàn", "sector": "manufacturing", "seats": 3,
        "province_code": UONG_BI[0], "ward_code": UONG_BI[1], "wage_min": 7_000_000, "wage_max": 9_000_000,
        "required_skills": ["welding"], "shift": "day"}


def test_a_company_posts_publishes_changes_and_closes_a_job(app, cast, token, api):
    headers = token(cast.employer_user)
    made = api("POST", "/positions", headers, json={**GOOD, "status": "open", "excluded_offences": [
        {"code": "violence", "justification": "Làm việc một mình với khách hàng tại nhà"}]})
    assert made.status_code == 201, made.json
    body = made.json
    assert (body["status"], body["seats_left"], body["in_progress"]) == ("open", 3, 0)
    assert body["excluded_offences"] == [{"code": "violence",
                                          "justification": "Làm việc một mình với khách hàng tại nhà"}]
    changed = api("PATCH", f"/positions/{body['id']}", headers, json={"seats": 5, "title": "Thợ hàn bậc 3"})
    assert changed.status_code == 200 and (changed.json["seats"], changed.json["title"]) == (5, "Thợ hàn bậc 3")
    closed = api("POST", f"/positions/{body['id']}/close", headers)
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    assert api("POST", f"/positions/{body['id']}/close", headers).json["code"] == "transition_not_allowed"


@pytest.mark.parametrize("change, field", [
    ({"wage_min": 9_000_000, "wage_max": 7_000_000}, "wage_max"),
    ({"opens_on": "2026-12-10", "closes_on": "2026-12-01"}, "closes_on"),
    ({"excluded_offences": [{"code": "drugs", "justification": ""}]}, "excluded_offences"),
    ({"ward_code": 13291}, "ward_code"),
    ({"sector": "piracy"}, "sector"),
    ({"seats": 0}, "seats"),
])
def test_bad_positions_are_refused_by_field_and_nothing_is_saved(app, cast, token, api, change, field):
    answer = api("POST", "/positions", token(cast.employer_user, "en"), json={**GOOD, **change})
    assert answer.status_code == 422 and field in answer.json["errors"], answer.json
    with app.app_context():
        assert db.session.query(Position).count() == 1  # only the cast's own job


def test_seats_never_below_the_people_hired_and_others_cannot_touch_it(app, cast, token, api):
    with app.app_context():
        db.session.get(Position, cast.position).filled = 4
        db.session.commit()
    headers = token(cast.employer_user)
    refused = api("PATCH", f"/positions/{cast.position}", headers, json={"seats": 3})
    assert refused.status_code == 422 and "seats" in refused.json["errors"]
    assert api("PATCH", f"/positions/{cast.position}", token(cast.other_employer_user),
               json={"seats": 9}).status_code == 404
    assert api("POST", "/positions", token(cast.caseworker), json=GOOD).status_code == 403


def test_an_unverified_company_prepares_but_cannot_publish(app, make_user, token, api):
    newcomer = make_user("employer")
    headers = token(newcomer)
    draft = api("POST", "/positions", headers, json=GOOD)
    assert draft.status_code == 201 and draft.json["status"] == "draft"
    published = api("POST", "/positions", headers, json={**GOOD, "status": "open"})
    assert published.status_code == 409 and published.json["code"] == "transition_not_allowed"


def test_a_training_seat_leads_only_to_the_companys_own_job(app, cast, token, api, make_position):
    other_job = make_position(cast.other_employer, UONG_BI, title="Việc công ty khác")
    headers = token(cast.employer_user)
    bad = api("POST", "/positions", headers, json={**GOOD, "kind": "training", "wage_min": 0, "wage_max": 0,
                                                   "leads_to_position_id": other_job, "duration_weeks": 8})
    assert bad.status_code == 422 and "leads_to_position_id" in bad.json["errors"]
    good = api("POST", "/positions", headers, json={**GOOD, "kind": "training", "wage_min": 0, "wage_max": 0,
                                                    "leads_to_position_id": cast.position, "duration_weeks": 8,
                                                    "closes_on": (clock.today() + timedelta(days=30)).isoformat()})
    assert good.status_code == 201 and good.json["leads_to_position_id"] == cast.position
