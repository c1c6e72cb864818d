"""Protected terms taken out of free text before it is compared.

Free text is where a record, a gender or an age slips back in: "Tôi từng bị án vì ma túy" in a
person's experience once raised their score towards a position whose text said "không nhận
người nghiện ma túy", and "lao động nữ" moved the order by gender. Gender, birth year and
offence are never features, so words about them must not be features either.

Terms are matched on folded text (lower case, no accents, đ → d), whole words only, so "ma
tuý", "MA TÚY" and "ma tuy" are all caught; what is left keeps its accents, which Vietnamese
needs ("ca" vs "cá"). Folding also catches look-alikes ("nam" is also "năm", year): over-
removing a common word costs a little similarity, under-removing a protected one costs fairness.
"tù" (prison) is only taken in phrases ("đi tù", "án tù"): folded alone it is "từ" (from).
"""
from __future__ import annotations

import re
import unicodedata

#: Vietnamese and English, written as people write them; folded when compiled.
PROTECTED_TERMS: dict[str, tuple[str, ...]] = {
    "record": (
        "tiền án", "tiền sự", "án tích", "bản án", "bị án", "án tù", "án treo", "can án", "kết án",
        "bị kết án", "thụ án", "chấp hành án", "xóa án tích", "hình sự", "phạm tội", "tội phạm",
        "người lầm lỗi", "lầm lỗi", "hoàn lương", "tái hòa nhập", "quản chế",
        "criminal record", "record", "convict", "convicts", "convicted", "conviction", "convictions",
        "criminal", "crime", "crimes", "offence", "offences", "offense", "offenses", "offender",
        "offenders", "probation", "parole", "sentence", "sentenced",
    ),
    "prison": (
        "ngồi tù", "đi tù", "ra tù", "ở tù", "tù giam", "tù nhân", "phạm nhân", "trại giam",
        "trại cải tạo", "cải tạo", "mãn hạn tù", "prison", "prisoner", "jail", "jailed", "inmate",
        "incarcerated", "served time",
    ),
    "offence": (
        "ma túy", "ma tuý", "nghiện", "cai nghiện", "trộm", "trộm cắp", "cướp", "cướp giật",
        "lừa đảo", "gây thương tích", "cố ý gây thương tích", "giết người", "đánh bạc", "buôn lậu",
        "xâm phạm sở hữu", "drug", "drugs", "addict", "addiction", "theft", "robbery", "fraud",
        "assault", "murder", "gambling", "smuggling", "trafficking",
    ),
    "gender": (
        "nam", "nữ", "nam giới", "nữ giới", "lao động nam", "lao động nữ", "nam nữ", "phụ nữ", "đàn ông", "đàn bà", "con gái", "con trai",
        "chị em", "giới tính", "mang thai", "có thai", "male", "female", "man", "men", "woman",
        "women", "girl", "girls", "boy", "boys", "gender", "pregnant", "pregnancy",
    ),
    "age": (
        "tuổi", "độ tuổi", "trung niên", "lớn tuổi", "cao tuổi", "thanh niên", "người già",
        "age", "aged", "years old", "year old", "young", "younger", "older", "elderly",
    ),
}

# Numbers that go with an age or a birth year ("dưới 35 tuổi", "18-35 tuổi", "sinh năm 1990").
_NUMERIC = (r"(?:duoi|tren|tu|den|under|over)?\s*\d+\s*(?:-|den|to)?\s*\d*\s*(?:tuoi|years? old)",
            r"(?:aged?|tuoi)\s*\d{1,3}", r"sinh nam\s*\d{2,4}", r"born in\s*\d{2,4}")

_FOLD = {"đ": "d", "Đ": "d"}


def _fold_char(ch: str) -> str:
    if ch in _FOLD:
        return _FOLD[ch]
    low = ch.lower()
    base = unicodedata.normalize("NFD", low)[:1] if low else ch
    return base if len(low) == 1 else ch.lower()[:1] or ch


# Every letter with a diacritic a Vietnamese or English text may hold, folded in one translate().
_TABLE = {cp: _fold_char(chr(cp)) for r in ((0xC0, 0x250), (0x1E00, 0x1F00)) for cp in range(*r)}
_TABLE.update({ord("Đ"): "d", ord("đ"): "d"})


def fold(text: str) -> str:
    """Lower case without accents, one character for each character of the NFC text."""
    nfc = unicodedata.normalize("NFC", text or "")
    low = nfc.lower()
    if len(low) != len(nfc):  # a rare letter whose lower case is longer: go one by one
        return "".join(_fold_char(ch) for ch in nfc)
    return low.translate(_TABLE)


_TERMS = frozenset(" ".join(fold(t).split()) for group in PROTECTED_TERMS.values() for t in group)
_LONGEST = max(len(t.split()) for t in _TERMS)
_FIRST = frozenset(t.split()[0] for t in _TERMS)
_WORD = re.compile(r"\w+")
_NUMBERS = re.compile(r"(?<!\w)(?:" + "|".join(_NUMERIC) + r")(?!\w)")


def _spans(folded: str) -> list[tuple[int, int]]:
    """Spans of protected terms: whole words, longest phrase first ("nam giới" before "nam")."""
    spans = [m.span() for m in _NUMBERS.finditer(folded)] if any(c.isdigit() for c in folded) else []
    words = _WORD.findall(folded)
    if not _FIRST.intersection(words):
        return spans
    where = [m.span() for m in _WORD.finditer(folded)]
    i = 0
    while i < len(words):
        if words[i] in _FIRST:
            for n in range(min(_LONGEST, len(words) - i), 0, -1):
                if " ".join(words[i:i + n]) in _TERMS:
                    spans.append((where[i][0], where[i + n - 1][1]))
                    i += n - 1
                    break
        i += 1
    return sorted(spans)


def scrub(text: str) -> str:
    """``text`` (NFC) with every protected term blanked out; everything else kept as written."""
    nfc = unicodedata.normalize("NFC", text or "")
    # Cheap first look (accents dropped, positions lost): most texts hold no protected word.
    rough = unicodedata.normalize("NFD", nfc.lower().replace("đ", "d")).encode("ascii", "ignore").decode()
    if not _FIRST.intersection(_WORD.findall(rough)) and not any(c.isdigit() for c in rough):
        return nfc
    folded = fold(nfc)
    if len(folded) != len(nfc):  # cannot align spans: refuse the text rather than leak it
        return ""
    spans = _spans(folded)
    if not spans:
        return nfc
    out = list(nfc)
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


def protected_terms_in(text: str) -> list[str]:
    """The protected terms found in ``text`` (folded), for tests and audits."""
    folded = fold(unicodedata.normalize("NFC", text or ""))
    return [folded[a:b] for a, b in _spans(folded)]
