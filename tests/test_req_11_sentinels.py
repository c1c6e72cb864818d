"""Sentinels in every sensitive field [SECURITY 11]: each page, API answer and export that a subject
not entitled to a person's conviction, health, address or legal-case notes can reach is rendered,
and no sentinel appears in any of them, nor in a message or notification meant for a company."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Notification, OutboxMessage

from . import scenario as sc
from .test_req_09_authorization_matrix import _ROUTES, _cells

PERSON = (sc.SENTINELS["health_notes"], sc.SENTINELS["address_line"], sc.SENTINELS["legal_note"],
          sc.SENTINELS["milestone_note"], *(f for day in sc.SENTINEL_DATES for f in sc.date_forms(day)))
OTHER_PERSON = (sc.SENTINELS["other_health"], sc.SENTINELS["other_address"])
# Who may read each person's sensitive fields: the person, the commune's caseworker and (for the
# person) the care team. Everyone else is checked.
ENTITLED = {
    PERSON: {"candidate", "caseworker", "care_team"},
    OTHER_PERSON: {"other_candidate", "caseworker"},
}
EMPLOYERS = ("employer_consented", "employer_withdrawn", "other_employer")


scenario = sc.module_fixture()


def _leaks(text: str, subject: str) -> list[str]:
    return [s for secrets, entitled in ENTITLED.items() if subject not in entitled
            for s in secrets if s in text]


def test_req_11_the_sentinels_are_where_the_entitled_see_them(scenario):
    """The test would prove nothing if the sentinels were not shown to anyone."""
    page = scenario.request("caseworker", "GET", f"/casework/candidates/{scenario.ids['candidate_id']}/legal")
    text = page.get_data(as_text=True)
    assert sc.SENTINELS["health_notes"] in text and sc.SENTINELS["address_line"] in text
    assert sc.SENTINELS["legal_note"] in text and sc.SENTINELS["milestone_note"] in text
    assert any(form in text for form in sc.date_forms(sc.RELEASE))
    export = scenario.request("candidate", "GET", "/me/data.json").get_data(as_text=True)
    assert sc.SENTINELS["health_notes"] in export


@pytest.mark.parametrize(("endpoint", "method"), _ROUTES, ids=[f"{e}-{m}" for e, m in _ROUTES])
def test_req_11_no_sentinel_reaches_a_subject_not_entitled(scenario, endpoint, method):
    leaks = []
    for key, url in _cells(scenario, endpoint, method):
        for subject in sc.SUBJECTS:
            if all(subject in entitled for entitled in ENTITLED.values()):
                continue
            response = scenario.request(subject, method, url, endpoint)
            found = _leaks(response.get_data().decode("utf-8", "replace"), subject)  # the XLSX template is binary
            if found:
                leaks.append(f"{key} as {subject}: {found}")
            scenario.after(response)
    assert leaks == []


def test_req_11_no_sentinel_in_what_is_sent_to_a_company(scenario):
    """Every notification and outbox message a company's people got while the scenario was built
    (the referrals were sent to them) and after every step an employer may take."""
    for subject in EMPLOYERS:
        for key, url in _cells(scenario, "referrals.step", "POST"):
            scenario.request(subject, "POST", url, data={"to": "interview", "on": "2026-01-05"})
    with scenario.app.app_context():
        company_users = [scenario.users[s] for s in EMPLOYERS]
        rows = [*db.session.scalars(select(Notification).where(Notification.recipient_id.in_(company_users))),
                *db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id.in_(company_users)))]
        assert rows, "the scenario sent the companies nothing to check"
        text = " ".join(f"{r.template} {r.params}" for r in rows)
    scenario.restore()
    assert _leaks(text, "employer_consented") == []
