"""How ranking and the suggestions page grow with the open positions, and one worker's memory.

Run: ``.venv/bin/python bench/bench_scale.py [--sizes 1000 10000 100000] [--people 5000] [--before]``
(``make bench`` runs the defaults). For each size, a fresh instance folder is filled by the
``demo scale`` generator (the demo programme, that many generated positions and ``--people``
generated people), and a separate process plays one web worker on it: it starts the app, signs
the demo candidate in and requests the suggestions page once (building the worker's index of
open positions), then times

* ``rank (library)``: ``Ranker.rank`` for the candidate on the built index;
* ``suggestions_for``: the app's path from the profile row to the matches (version check, rank,
  re-reading and re-checking the chosen rows);
* ``page /me/``: the whole request through the WSGI app (session, queries, template, the
  exposure log);

and reports the memory (RSS) of that process after serving, as a gunicorn worker holds it.
Medians and p95 in milliseconds.

``--before`` adds a line a size: the path every request took before the per-worker index (every
open row loaded, converted and indexed, then ranked), timed after the memory is read. It is a
minute a request at 100,000 positions, hence by hand only.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.models import CandidateProfile, User  # noqa: E402

CANDIDATE, PASSWORD = "0912000001", "loive-demo-2026"


def _app(folder: Path, **extra):
    return create_app({
        "TESTING": True, "SECRET_KEY": "bench-scale", "DEMO_MODE": True, "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'loive.sqlite3'}",
        "MODELS_DIR": str(folder / "models"), **extra,
    }, instance_path=str(folder))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(fn, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def build(folder: Path, positions: int, people: int) -> float:
    from marketplace.services.demo.scale import scale

    app = _app(folder)
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        scale(positions, people)
        db.session.commit()
        return time.perf_counter() - start


def rebuild_path(profile, k: int = 10):
    """Before the per-worker index, every request loaded, converted and indexed every open row."""
    from marketplace.services import ranking

    rows = db.session.scalars(ranking.open_positions_query()).all()
    counts = ranking.open_referral_counts([p.id for p in rows])
    positions = [ranking.to_position(p, counts.get(p.id, 0)) for p in rows]
    return ranking.get_ranker().rank(ranking.to_candidate(profile), positions, k=k)


def worker(folder: Path, repeats: int, before: bool = False) -> dict:
    """One web worker's view: build the index on the first page, then time the three paths (and,
    with `before`, the path without the index, once the worker's memory is read)."""
    from marketplace.services import ranking

    app = _app(folder)
    started = rss_mb()
    client = app.test_client()
    assert client.post("/login", data={"login": CANDIDATE, "password": PASSWORD}).status_code == 302
    start = time.perf_counter()
    assert client.get("/me/").status_code == 200
    first_ms = (time.perf_counter() - start) * 1000
    page = timed(lambda: client.get("/me/"), repeats)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.phone == CANDIDATE))
        profile = db.session.get(CandidateProfile, user.candidate.id)
        opened = ranking.open_positions()
        ranker, candidate = ranking.get_ranker(), ranking.to_candidate(profile)
        rank = timed(lambda: ranker.rank(candidate, opened.index, k=10), repeats)
        path = timed(lambda: ranking.suggestions_for(profile), repeats)
        n = opened.index.n
        rss = rss_mb()
        # One rebuild at 100,000 positions is a minute.
        rebuild = timed(lambda: rebuild_path(profile), 1 if n >= 50_000 else 3) if before else None
    return {"open": n, "rank": rank, "suggestions_for": path, "page": page, "first_ms": first_ms,
            "rss_start": started, "rss": rss, "rebuild": rebuild}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--before", action="store_true",
                        help="also time the path before the per-worker index (slow: by hand only)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(Path(args.worker), args.repeats, args.before)))
        return
    print(f"{'positions':>9} {'open':>7} {'rank (library)':>16} {'suggestions_for':>17} {'page /me/':>17}"
          f" {'first page (index build)':>25} {'worker RSS':>11}")
    print(f"{'':>9} {'':>7} {'median/p95 ms':>16} {'median/p95 ms':>17} {'median/p95 ms':>17} {'ms':>25}"
          f" {'MB':>11}")
    for size in args.sizes:
        folder = Path(tempfile.mkdtemp(prefix="loive-bench-scale-"))
        try:
            built = build(folder, size, args.people)
            out = subprocess.run([sys.executable, __file__, "--worker", str(folder), "--repeats", str(args.repeats),
                                  *(["--before"] if args.before else [])],
                                 cwd=ROOT, capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{size:>9,} {r['open']:>7,} {r['rank'][0]:>8.1f} / {r['rank'][1]:<5.1f} "
                  f"{r['suggestions_for'][0]:>8.1f} / {r['suggestions_for'][1]:<6.1f} "
                  f"{r['page'][0]:>8.1f} / {r['page'][1]:<6.1f} {r['first_ms']:>25,.0f} "
                  f"{r['rss']:>6.0f} (started at {r['rss_start']:.0f}; data built in {built:.0f} s)", flush=True)
            if r["rebuild"]:
                print(f"{'':>9} {'':>7} before the per-worker index, index rebuilt per request: "
                      f"{r['rebuild'][0]:,.0f} / {r['rebuild'][1]:,.0f} ms", flush=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
