"""Field-level encryption when FIELD_KEY is set [SECURITY 24]: health notes and the street address
are AES-GCM ciphertext in the database, bound to table, column and row id."""
from __future__ import annotations

import base64

import pytest
from sqlalchemy import text

from marketplace import create_app
from marketplace.extensions import db
from marketplace.field_crypto import FieldDecryptionError, FieldKeyError
from marketplace.models import CandidateProfile

from .conftest import UONG_BI

pytest.importorskip("cryptography")

KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
ADDRESS = "SENTINEL-ADDR số 7 ngõ 3, phường Vàng Danh"
HEALTH = "SENTINEL-HEALTH điều trị methadone"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "FIELD_KEY": KEY}


def _stored(app, profile_id: int) -> tuple[str, str]:
    with app.app_context():
        return tuple(db.session.execute(text(
            "SELECT address_line, health_notes FROM candidate_profiles WHERE id = :id"),
            {"id": profile_id}).one())


def _person(app, **fields) -> int:
    with app.app_context():
        profile = CandidateProfile(full_name="Trần Văn Bình", province_code=UONG_BI[0],
                                   ward_code=UONG_BI[1], **fields)
        db.session.add(profile)
        db.session.commit()
        assert (profile.address_line, profile.health_notes) == (fields.get("address_line", ""),
                                                               fields.get("health_notes", ""))
        return profile.id


def test_req_24_health_and_address_are_ciphertext_in_the_database(app):
    person = _person(app, address_line=ADDRESS, health_notes=HEALTH)
    stored = _stored(app, person)
    assert all(value.startswith("enc1:") for value in stored)
    assert "SENTINEL" not in repr(stored)
    with app.app_context():
        profile = db.session.get(CandidateProfile, person)
        assert (profile.address_line, profile.health_notes) == (ADDRESS, HEALTH)


def test_req_24_a_change_is_encrypted_again_and_reads_back(app):
    person = _person(app, address_line=ADDRESS)
    before = _stored(app, person)[0]
    with app.app_context():
        db.session.get(CandidateProfile, person).address_line = "SENTINEL-NEW tổ 5"
        db.session.commit()
    after = _stored(app, person)[0]
    assert after.startswith("enc1:") and after != before and "SENTINEL" not in after
    with app.app_context():
        assert db.session.get(CandidateProfile, person).address_line == "SENTINEL-NEW tổ 5"


def test_req_24_a_ciphertext_copied_to_another_row_does_not_decrypt(app):
    victim = _person(app, health_notes=HEALTH)
    other = _person(app, health_notes="khỏe")
    with app.app_context():
        db.session.execute(text(
            "UPDATE candidate_profiles SET health_notes = "
            "(SELECT health_notes FROM candidate_profiles WHERE id = :victim) WHERE id = :other"),
            {"victim": victim, "other": other})
        db.session.commit()
    with app.app_context(), pytest.raises(FieldDecryptionError, match="does not decrypt"):
        db.session.get(CandidateProfile, other)


def test_req_24_a_ciphertext_moved_to_another_column_does_not_decrypt(app):
    person = _person(app, address_line=ADDRESS, health_notes=HEALTH)
    with app.app_context():
        db.session.execute(text("UPDATE candidate_profiles SET address_line = health_notes WHERE id = :id"),
                           {"id": person})
        db.session.commit()
    with app.app_context(), pytest.raises(FieldDecryptionError):
        db.session.get(CandidateProfile, person)


def test_req_24_the_legal_tab_shows_the_decrypted_address(app, make_user, login, client):
    person = _person(app, address_line=ADDRESS)
    login(make_user("caseworker", areas=(UONG_BI,)))
    assert ADDRESS.encode() in client.get(f"/casework/candidates/{person}/legal").data


def test_req_24_rows_written_before_the_key_stay_readable(app):
    person = _person(app)
    with app.app_context():
        db.session.execute(text("UPDATE candidate_profiles SET address_line = 'plain, from before' "
                                "WHERE id = :id"), {"id": person})
        db.session.commit()
        assert db.session.get(CandidateProfile, person).address_line == "plain, from before"


@pytest.mark.parametrize("key", ["too-short", base64.urlsafe_b64encode(b"x" * 16).decode()])
def test_req_24_a_wrong_key_stops_the_app_from_starting(app_config, key):
    with pytest.raises(FieldKeyError):
        create_app({**app_config, "FIELD_KEY": key})


def test_req_24_without_a_key_the_fields_are_plain(app_config, tmp_path):
    plain = create_app({**app_config, "FIELD_KEY": None,
                        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'plain.sqlite3'}"})
    with plain.app_context():
        db.create_all()
        db.session.add(CandidateProfile(full_name="A", province_code=UONG_BI[0], ward_code=UONG_BI[1],
                                        address_line=ADDRESS))
        db.session.commit()
        assert db.session.execute(text("SELECT address_line FROM candidate_profiles")).scalar() == ADDRESS
        db.engine.dispose()
