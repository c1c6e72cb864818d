"""Care teams ("5+1") and loan purposes for the demo, from their own random source so that the rest
of the demo programme stays as it was."""
from __future__ import annotations

import random

from sqlalchemy import select

from ...extensions import db
from ...models import CareTeamMember, SupportAction

LOAN_PURPOSES = ("Mua máy cắt đá cũ", "Nuôi lợn, làm chuồng", "Mua xe máy đi làm", "Mở quán sửa xe",
                 "Mua giống và phân bón", "Mua máy may")
FAMILY = (("Mẹ", "Nguyễn Thị Lan"), ("Vợ", "Trần Thị Hằng"), ("Bố", "Lê Văn Tám"),
          ("Chị gái", "Phạm Thị Hoa"), ("Anh trai", "Đỗ Văn Bình"))
# Officers who join teams in other communes of their province (demo logins of data.CASEWORKERS).
PARTNERS = {22: "canbo.dongmai@loive.vn", 37: "laodong.ninhbinh@loive.vn"}


class Teams:
    """Mixed into Builder: a family contact for a third of the people, an officer of another agency
    for some, and what each Social Policy Bank loan was for."""

    def _care_teams(self) -> None:
        # Its own seeded source for demo data (see the module doc); nothing here is a secret.
        rng = random.Random(9)  # nosec B311
        for c in self.demo_cands + self.cands:
            p = c.profile
            if c in self.demo_cands or rng.random() < 0.33:
                relation, name = rng.choice(FAMILY)
                db.session.add(CareTeamMember(candidate_id=p.id, kind="family", full_name=name,
                                              relation=relation, phone=f"09{rng.randrange(10**8):08d}",
                                              added_by_id=p.caseworker.id))
            partner = self.users.get(PARTNERS.get(p.province_code, ""))
            if partner is not None and partner.id != p.caseworker.id and (
                    c in self.demo_cands or rng.random() < 0.1):
                db.session.add(CareTeamMember(candidate_id=p.id, user_id=partner.id,
                                              kind=partner.caseworker.agency,
                                              added_by_id=p.caseworker.id))
        for loan in db.session.scalars(select(SupportAction).where(SupportAction.kind == "loan")):
            loan.purpose = rng.choice(LOAN_PURPOSES)
