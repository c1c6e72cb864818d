"""Texts the programme writes itself, in both languages: today the incentives page for companies."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale

from .. import clock
from ..extensions import db
from ..models import ProgrammeText, User

INCENTIVES = "incentives"

# What a fresh installation shows until an admin writes the programme's own text.
DEFAULTS = {
    INCENTIVES: (
        "Doanh nghiệp nhận người lầm lỗi vào làm việc được Chương trình hỗ trợ:\n\n"
        "• Vay vốn tạo việc làm của Ngân hàng Chính sách xã hội (Quyết định 22/2023/QĐ-TTg): "
        "đến 2 tỷ đồng mỗi dự án và trong mức 100 triệu đồng cho mỗi người lao động được tạo việc làm.\n\n"
        "• Hỗ trợ đào tạo nghề cho người lao động trước và sau khi nhận vào làm.\n\n"
        "• Cán bộ phụ trách theo dõi, hỗ trợ người lao động trong những tháng đầu.\n\n"
        "Liên hệ điều phối viên Chương trình của tỉnh để biết thủ tục.",
        "Companies that hire people returning from prison get the programme's support:\n\n"
        "• Job-creation loans from the Social Policy Bank (Decision 22/2023/QĐ-TTg): up to "
        "2 billion VND per project and within 100 million VND per worker hired.\n\n"
        "• Vocational-training support for workers before and after they are hired.\n\n"
        "• A caseworker follows and supports each worker during the first months.\n\n"
        "Ask the programme coordinator of your province about the steps.",
    ),
}


@dataclass(frozen=True)
class Text:
    vi: str
    en: str

    def current(self) -> str:
        """In the reader's language, or the other one when that is empty."""
        first, second = (self.en, self.vi) if str(get_locale()) == "en" else (self.vi, self.en)
        return first or second

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.current().replace("\r\n", "\n").split("\n\n") if p.strip()]


def get(key: str) -> Text:
    row = db.session.get(ProgrammeText, key)
    if row is None:
        return Text(*DEFAULTS.get(key, ("", "")))
    return Text(row.body_vi, row.body_en)


def put(actor: User, key: str, vi: str, en: str) -> None:
    row = db.session.get(ProgrammeText, key)
    if row is None:
        row = ProgrammeText(key=key)
        db.session.add(row)
    row.body_vi, row.body_en = vi.strip(), en.strip()
    row.updated_by_id, row.updated_at = actor.id, clock.now()
    db.session.flush()
