"""Sensitive data never reaches an employer's pages [SECURITY 11]."""
from marketplace.extensions import db
from marketplace.models import Referral

from .conftest import UONG_BI

SENTINELS = ("SENTINEL-HEALTH-7731", "SENTINEL-ADDRESS-7731")


def test_req_11_no_sensitive_field_appears_on_any_employer_page(app, client, make_user, login, employer_of,
                                                         make_position, make_candidate):
    employer_user = make_user("employer")
    position = make_position(employer_of(employer_user), UONG_BI)
    candidate = make_candidate(UONG_BI, offence_category="drugs", health_notes=SENTINELS[0],
                               address_line=SENTINELS[1], travel_restricted=True)
    with app.app_context():
        db.session.add(Referral(candidate_id=candidate, position_id=position, status="sent"))
        db.session.commit()
        urls = [r.rule.replace("<int:position_id>", str(position)) for r in app.url_map.iter_rules()
                if r.endpoint.startswith("employer.") and "GET" in r.methods]
    login(employer_user)
    assert urls
    for url in urls:
        page = client.get(url).get_data(as_text=True)
        for sentinel in SENTINELS:
            assert sentinel not in page, url
        if url.endswith(("/new", "/edit")):
            continue  # the position form lists every category, for the company's own exclusions
        assert "Ma túy" not in page and "drugs" not in page, url
