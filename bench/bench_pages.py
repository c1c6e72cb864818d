"""Page latency on the demo programme, through the WSGI app (no network).

Run: ``.venv/bin/python bench/bench_pages.py [--repeats N]``. Seeds the demo into a temporary
SQLite database, trains a first model, then times the pages people use most: the candidate's
suggestions, the caseworker's candidate page and ranked candidates for a position, the
placement plan and the admin's model page. Prints median and p95 in milliseconds.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from marketplace import create_app
from marketplace.auth import candidates_in_care
from marketplace.extensions import db
from marketplace.models import CandidateProfile, Position, User
from marketplace.services import demo, ranking


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="loive-bench-"))
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "DEMO_MODE": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
        "MODELS_DIR": str(folder / "models"),
    }, instance_path=str(folder))
    with app.app_context():
        db.create_all()
        demo.seed()
        db.session.commit()
        ranking.train()
        worker = db.session.scalar(select(User).where(User.email == "canbo.uongbi@loive.vn"))
        person = db.session.scalar(candidates_in_care(worker).order_by(CandidateProfile.id).limit(1))
        position = db.session.scalar(ranking.open_positions_query()
                                     .where(Position.province_code == person.province_code).limit(1))
    pages = [
        ("candidate: suggestions", "0912000001", "/me/"),
        ("caseworker: candidate page", "canbo.uongbi@loive.vn", f"/casework/candidates/{person.id}"),
        ("caseworker: ranked candidates", "canbo.uongbi@loive.vn", f"/casework/positions/{position.id}"),
        ("caseworker: placement plan", "canbo.uongbi@loive.vn", "/casework/plan"),
        ("admin: model page", "admin@loive.vn", "/admin/model"),
    ]
    print(f"{'page':<32}{'median':>10}{'p95':>10}   ({args.repeats} requests each)")
    for name, login, url in pages:
        client = app.test_client()
        client.post("/login", data={"login": login, "password": demo.DEMO_PASSWORD})
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{name:<32}{statistics.median(times):>8.1f}ms{p95:>8.1f}ms")


if __name__ == "__main__":
    main()
