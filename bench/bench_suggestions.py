"""The suggestions page path at province scale: before and after the per-worker index.

Run: ``.venv/bin/python bench/bench_suggestions.py [--sizes 1000 10000 100000]``. Seeds the demo
programme into a temporary SQLite database, adds open positions up to each size, and times for the
demo candidate:

* ``rebuild``: what every request did before: load every open position row, convert it and let
  the library build its index, then rank (the old ``suggestions_for``);
* ``suggestions_for``: the cached per-worker index with live referral counts and the live re-check
  of the positions chosen (from the profile row to the matches);
* ``profile -> rendered matches``: the same, plus rendering the suggestion cards;
* ``page /me/``: the whole request through the WSGI app (login check, queries, template);
* ``rank (library)``: ``Ranker.rank`` alone on a built index.

Also prints the index build time and its memory. Target: profile row to rendered matches < 10 ms
median at 10,000 open positions.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from sqlalchemy import func, insert, select  # noqa: E402

from flask import render_template_string  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.models import CandidateProfile, Employer, Position, User  # noqa: E402
from marketplace.services import demo, ranking  # noqa: E402
from matching import Ranker  # noqa: E402
from matching.taxonomy import SECTOR_SKILLS  # noqa: E402

CARDS = ('{% from "_macros/matches.html" import position_card %}'
         '{% for s in suggestions %}{{ position_card(s.position, s.match, most=4) }}{% endfor %}')
TITLES = ("Công nhân khai thác đá", "Thợ may công nghiệp", "Công nhân lắp ráp điện tử", "Thợ hồ",
          "Lái xe nâng", "Phụ bếp", "Bảo vệ", "Công nhân đóng gói", "Thợ hàn", "Học nghề may")


def index_bytes(index) -> int:
    """Memory held by an index's arrays (numpy, sparse, postings)."""
    total = 0
    for value in list(vars(index).values()) + list(getattr(index, "_derived", {}).values()):
        if isinstance(value, np.ndarray):
            total += value.nbytes
        elif sp.issparse(value):
            total += value.data.nbytes + value.indices.nbytes + value.indptr.nbytes
        elif hasattr(value, "nbytes"):
            total += value.nbytes
    return total


def grow(n_total: int, rng) -> None:
    """Add open positions of verified employers until there are ``n_total`` open ones."""
    have = db.session.scalar(select(func.count()).select_from(ranking.open_positions_query().subquery()))
    employers = db.session.execute(select(Employer.id, Employer.province_code, Employer.ward_code)
                                   .where(Employer.verified_at.is_not(None))).all()
    sectors = list(SECTOR_SKILLS)
    rows = []
    for i in range(max(n_total - have, 0)):
        emp = employers[int(rng.integers(len(employers)))]
        sector = sectors[int(rng.integers(len(sectors)))]
        skills = list(rng.choice(SECTOR_SKILLS[sector], 2, replace=False))
        title = TITLES[int(rng.integers(len(TITLES)))]
        rows.append(dict(
            employer_id=emp.id, kind="job", title=f"{title} {i}", sector=sector,
            description=f"Tuyển {title.lower()}, làm ca ngày, có phụ cấp.", required_skills=skills[:1],
            preferred_skills=skills[1:], min_education=int(rng.integers(0, 3)),
            physical_demand=int(rng.integers(0, 3)), shift="day", wage_min=int(rng.integers(5, 9)) * 1_000_000,
            wage_max=None, seats=int(rng.integers(1, 6)), filled=0, province_code=emp.province_code,
            ward_code=emp.ward_code, housing_provided=bool(rng.random() < 0.3),
            excluded_offences=["drugs"] if rng.random() < 0.1 else [], status="open"))
    for s in range(0, len(rows), 5000):
        db.session.execute(insert(Position), rows[s:s + 5000])
    db.session.commit()


def rebuild_path(profile, k: int = 10):
    """The old per-request path: every open row loaded, converted and indexed, then ranked."""
    rows = db.session.scalars(ranking.open_positions_query()).all()
    counts = ranking.open_referral_counts([p.id for p in rows])
    positions = [ranking.to_position(p, counts.get(p.id, 0)) for p in rows]
    return Ranker().rank(ranking.to_candidate(profile), positions, k=k)


def timed(fn, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="loive-bench-"))
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "DEMO_MODE": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
        "MODELS_DIR": str(folder / "models"),
    }, instance_path=str(folder))
    rng = np.random.default_rng(0)
    with app.app_context():
        db.create_all()
        demo.seed()
        db.session.commit()
        ranking.train()
    client = app.test_client()
    client.post("/login", data={"login": "0912000001", "password": demo.DEMO_PASSWORD})
    print(f"{'open positions':>14} {'path':<28}{'median':>10}{'p95':>10}")
    for size in sorted(args.sizes):
        with app.app_context():
            grow(size, rng)
            user = db.session.scalar(select(User).where(User.phone == "0912000001"))
            profile = db.session.get(CandidateProfile, user.candidate.id)
            start = time.perf_counter()
            opened = ranking.open_positions()
            build_ms = (time.perf_counter() - start) * 1000
            n = opened.index.n
            slow = 1 if size >= 50_000 else max(3, args.repeats // 3)  # one 100k rebuild is a minute
            rows = [
                ("rebuild (before)", *timed(lambda: rebuild_path(profile), slow)),
                ("suggestions_for (after)", *timed(lambda: ranking.suggestions_for(profile), args.repeats)),
            ]
            ranker, candidate = ranking.get_ranker(), ranking.to_candidate(profile)
            rows.append(("rank (library)", *timed(lambda: ranker.rank(candidate, opened.index), args.repeats)))
        with app.test_request_context("/me/"):
            profile = db.session.get(CandidateProfile, user.candidate.id)
            rows.insert(2, ("profile -> rendered matches", *timed(
                lambda: render_template_string(CARDS, suggestions=ranking.suggestions_for(profile)),
                args.repeats)))
        assert client.get("/me/").status_code == 200
        rows.append(("page /me/ (after)", *timed(lambda: client.get("/me/"), args.repeats)))
        for name, med, p95 in rows:
            print(f"{n:>14} {name:<28}{med:>8.2f}ms{p95:>8.2f}ms")
        print(f"{n:>14} {'index build (once)':<28}{build_ms:>8.0f}ms   memory {index_bytes(opened.index) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
