"""Free text helps matching but cannot carry records, gender or age."""
import dataclasses

import pytest

from matching import Candidate, Position, Ranker
from matching.scrub import protected_terms_in, scrub

BASE = "Tôi từng làm thợ hàn và lái xe nâng"


@pytest.mark.parametrize("extra", [
    "bị án ma túy", "đi tù", "MA TUÝ", "ma tuy", "tiền án trộm cắp", "lao động nữ",
    "nam giới dưới 35 tuổi", "sinh năm 1990", "convicted theft prison", "female aged 30",
])
def test_protected_words_in_a_persons_text_move_no_score(fitted, extra):
    position = Position(id="p", required_skills={"welding"}, text="Tuyển thợ hàn. Không nhận người "
                        "nghiện ma túy, ưu tiên lao động nam dưới 35 tuổi, không có tiền án")
    plain = Candidate(id="a", skills={"welding"}, text=BASE)
    marked = dataclasses.replace(plain, id="b", text=f"{BASE} {extra}")
    for r in (Ranker(), fitted):
        scores = {m.id: m.score for m in r.rank_candidates(position, [plain, marked])}
        assert scores["a"] == scores["b"]
        assert r.rank(plain, [position])[0].score == r.rank(marked, [position])[0].score


def test_a_drug_record_no_longer_pulls_towards_a_position_that_rejects_drug_users(fitted):
    rejects = Position(id="p", text="Tuyển thợ hàn. Không nhận người nghiện ma túy")
    told = Candidate(id="a", text="Thợ hàn. Tôi từng bị án vì ma túy")
    scrubbed = Candidate(id="b", text="Thợ hàn. Tôi từng vì")  # what is left once the terms are out
    for r in (Ranker(), fitted):
        scores = {m.id: m.score for m in r.rank_candidates(rejects, [told, scrubbed])}
        assert scores["a"] == scores["b"]


def test_protected_words_in_a_positions_text_move_no_score(fitted):
    person = Candidate(id="c", skills={"sewing"}, text="Tôi là nữ, 40 tuổi, biết may công nghiệp")
    plain = Position(id="p", required_skills={"sewing"}, text="Tuyển công nhân may công nghiệp")
    marked = dataclasses.replace(plain, id="q", text="Tuyển công nhân may công nghiệp lao động nữ "
                                 "dưới 30 tuổi, tiền án")
    for r in (Ranker(), fitted):
        scores = {m.id: m.score for m in r.rank(person, [plain, marked])}
        assert scores["p"] == scores["q"]


def test_scrubbing_is_accent_and_case_insensitive_and_keeps_the_rest():
    assert scrub("Từng bị ÁN vì Ma Tuý") .split() == ["Từng", "vì"]
    assert protected_terms_in("ma tuy") == ["ma tuy"] == protected_terms_in("MA TÚY")
    # Whole words only: "mãn" and "namkhoa" are not "nam"; "từ" (from) is not "tù" (prison).
    assert scrub("Làm từ 7 giờ, ở Namkhoa") == "Làm từ 7 giờ, ở Namkhoa"
    assert protected_terms_in("Thợ hàn, thợ may, thợ hồ") == []


def test_the_text_signal_is_kept(fitted):
    person = Candidate(id="c", text="Tôi từng làm thợ hàn ở xưởng cơ khí")
    weld = Position(id="weld", text="Tuyển thợ hàn cơ khí")
    cook = Position(id="cook", text="Tuyển phụ bếp nhà hàng")
    for r in (Ranker(), fitted):
        assert [m.id for m in r.rank(person, [cook, weld])][0] == "weld"
