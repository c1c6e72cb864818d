"""Page throughput at province scale: gunicorn (2 workers) under locust, 32 users, 30 s.

Run: ``.venv/bin/python bench/bench_pages.py [--positions 10000] [--candidates 50000]
[--users 32] [--seconds 30]`` (``make bench`` runs it with the defaults; locust comes from the
``bench`` extra). Steps:

1. a fresh instance folder under /tmp with a SQLite database filled by ``flask demo scale``
   (the demo programme plus the generated companies, positions, people and referrals) and a
   ranking model trained on its outcomes, as ``make run`` would have;
2. gunicorn with 2 workers serving it on a free loopback port, as in production (no debug);
   (fitted on the outcomes as ``flask matching train`` does, without its evaluation figures);
3. locust, headless, one user class per page and all pages in the same run: ``/healthz``, the
   candidate's suggestions, the caseworker's today panel and filtered caseload, a person's
   record, the ranked candidates of a position and the employer's dashboard, and four API
   reads (the person's suggestions, the caseload, a position's ranked people, the employer's
   referrals) with bearer tokens. Users do not
   wait between requests, so each page's requests per second is what the server gives it.

Prints requests/s, p50, p95 and failures per page and each page's throughput as a share of
``/healthz``. Goals: every page >= 30 % of /healthz, p95 <= 250 ms, no failure.
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402  (locust's own dependency)
from sqlalchemy import select  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.auth import candidates_in_care  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.models import CandidateProfile, Position, User  # noqa: E402
from marketplace.passwords import hash_password  # noqa: E402
from marketplace.services import ranking  # noqa: E402
from marketplace.services.demo.scale import scale  # noqa: E402
from tests.live import gunicorn  # noqa: E402

GOAL_SHARE, GOAL_P95_MS = 0.30, 250
# The server runs as in production, outside demo mode, where the published demo password opens
# nothing [SECURITY 4]: the three logins get a password of this run instead.
PASSWORD = secrets.token_urlsafe(16)
LOGINS = ("0912000001", "canbo.uongbi@loive.vn", "tuyendung@dakienkhe.vn")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def build(folder: Path, positions: int, candidates: int) -> dict[str, str]:
    """Fill the instance folder's database at scale and train a model; return the page ids."""
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench-build", "DEMO_MODE": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'loive.sqlite3'}",
        "MODELS_DIR": str(folder / "models"),
    }, instance_path=str(folder))
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        _, made = scale(positions, candidates)
        db.session.commit()
        print(f"scaled data: {made.companies} companies, {made.positions} positions, {made.candidates} "
              f"people, {made.referrals} referrals in {time.perf_counter() - start:.0f} s", flush=True)
        start = time.perf_counter()
        n_outcomes = fit_model()
        print(f"model fitted on {n_outcomes} outcomes in {time.perf_counter() - start:.0f} s", flush=True)
        for user in db.session.scalars(select(User).where(User.email.in_(LOGINS) | User.phone.in_(LOGINS))):
            user.password_hash = hash_password(PASSWORD)
        db.session.commit()
        worker = db.session.scalar(select(User).where(User.email == "canbo.uongbi@loive.vn"))
        person = db.session.scalar(candidates_in_care(worker).order_by(CandidateProfile.id.desc()).limit(1))
        provinces = {a.province_code for a in worker.caseworker.areas}
        position = db.session.scalar(ranking.open_positions_query()
                                     .where(Position.province_code.in_(provinces)).order_by(Position.id).limit(1))
        return {"BENCH_PERSON": str(person.id), "BENCH_POSITION": str(position.id)}


def fit_model() -> int:
    """A fitted model in instance/models/, as `flask matching train` saves it, without the
    evaluation and fairness figures of the admin page (minutes at this size, and not served)."""
    from datetime import datetime, timezone

    from matching import Ranker

    from marketplace.services.ranking import store

    data = ranking.training_data()
    ranker = Ranker().fit(data.candidates, data.positions, data.outcomes)
    now = datetime.now(timezone.utc)
    folder = store.models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{store.MODEL_PREFIX}{now:%Y%m%dT%H%M%S}{store.MODEL_SUFFIX}"
    store.save(ranker, path, {"file": path.name, "trained_at": now.isoformat(timespec="seconds"),
                              "fitted": True, "n_outcomes": len(data.outcomes),
                              "n_candidates": len(data.candidates), "n_positions": len(data.positions),
                              "evaluation": None, "fairness": None})
    return len(data.outcomes)


def serve(folder: Path):
    """gunicorn on the instance folder, as in production; yields the base URL."""
    env = {**os.environ, "FLASK_SESSION_COOKIE_SECURE": "false"}
    env.pop("DATABASE_URL", None)
    return gunicorn(f"marketplace:create_app(instance_path={str(folder)!r})", env, seconds=120)


def sign_in(base: str) -> dict[str, str]:
    """One session cookie and one API token per demo login, shared by that login's locust users."""
    cookies = {}
    for login in LOGINS:
        client = requests.Session()
        form = client.get(f"{base}/login", timeout=60)
        done = client.post(f"{base}/login", allow_redirects=False, timeout=60, data={
            "csrf_token": CSRF.search(form.text).group(1), "login": login, "password": PASSWORD})
        if done.status_code != 302:
            raise RuntimeError(f"sign-in of {login} failed: {done.status_code}")
        cookies[f"BENCH_SESSION_{login}"] = client.cookies["session"]
        answer = requests.post(f"{base}/api/v1/tokens", timeout=60, json={"login": login, "password": PASSWORD})
        if answer.status_code != 201:
            raise RuntimeError(f"API token of {login} refused: {answer.status_code}")
        cookies[f"BENCH_TOKEN_{login}"] = answer.json()["token"]
    return cookies


PAGES = [("/healthz", None, "/healthz", False), ("candidate: suggestions", "0912000001", "/me/", False),
         ("caseworker: today panel", "canbo.uongbi@loive.vn", "/casework/", False),
         ("caseworker: caseload (filtered, p2)", "canbo.uongbi@loive.vn", "/casework/?show=visits_due&page=2", False),
         ("caseworker: person's record", "canbo.uongbi@loive.vn", "/casework/candidates/{BENCH_PERSON}", False),
         ("caseworker: ranked candidates", "canbo.uongbi@loive.vn", "/casework/positions/{BENCH_POSITION}", False),
         ("employer: dashboard", "tuyendung@dakienkhe.vn", "/employer/", False),
         ("API: my suggestions", "0912000001", "/api/v1/me/suggestions", True),
         ("API: caseload", "canbo.uongbi@loive.vn", "/api/v1/candidates", True),
         ("API: ranked candidates", "canbo.uongbi@loive.vn", "/api/v1/positions/{BENCH_POSITION}/candidates", True),
         ("API: employer's referrals", "tuyendung@dakienkhe.vn", "/api/v1/referrals", True)]


def _get(base: str, env: dict[str, str], login, url: str, api: bool) -> requests.Response:
    cookies, headers = {}, {}
    if login and api:
        headers["Authorization"] = f"Bearer {env[f'BENCH_TOKEN_{login}']}"
    elif login:
        cookies["session"] = env[f"BENCH_SESSION_{login}"]
    r = requests.get(f"{base}{url.format(**env)}", cookies=cookies, headers=headers,
                     allow_redirects=False, timeout=300)
    if r.status_code != 200:
        raise RuntimeError(f"{url}: {r.status_code}")
    return r


def warm_up(base: str, env: dict[str, str], rounds: int = 6) -> None:
    """Each page a few times, so that both workers built their index before the clock starts."""
    for _ in range(rounds):
        for _name, login, url, api in PAGES:
            _get(base, env, login, url, api)


def service_times(base: str, env: dict[str, str], rounds: int = 20) -> None:
    """One request at a time: what each page costs the server, with no queue in front of it."""
    print(f"\none user, {rounds} requests per page, one after another (no queue)")
    print(f"{'page':<38}{'median ms':>10}{'p95 ms':>8}{'size KB':>9}{'/healthz time as share':>24}")
    healthz_ms = None
    for name, login, url, api in PAGES:
        times, size = [], 0
        for _ in range(rounds):
            start = time.perf_counter()
            size = len(_get(base, env, login, url, api).content)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        median, p95 = times[len(times) // 2], times[int(len(times) * 0.95) - 1]
        healthz_ms = healthz_ms or median
        print(f"{name:<38}{median:>10.1f}{p95:>8.1f}{size / 1024:>9.1f}{healthz_ms / median:>23.0%}")


def load(base: str, ids: dict[str, str], users: int, seconds: int, folder: Path) -> list[dict]:
    prefix = folder / "locust"
    subprocess.run(
        [str(Path(sys.executable).with_name("locust")), "-f", str(ROOT / "bench" / "locustfile.py"),
         "--headless", "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
         "--host", base, "--csv", str(prefix), "--only-summary",
         "--loglevel", "WARNING", "--stop-timeout", "5"],
        cwd=ROOT, env={**os.environ, **ids}, check=False, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["Name"] != "Aggregated"]


def report(rows: list[dict], users: int, seconds: int) -> bool:
    base = next(float(r["Requests/s"]) for r in rows if r["Name"] == "/healthz")
    print(f"\n{users} users, {seconds} s, gunicorn 2 workers")
    print(f"{'page':<38}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'failed':>8}{'of /healthz':>13}")
    met = True
    order = ["/healthz"] + sorted(r["Name"] for r in rows if r["Name"] != "/healthz")
    for name in order:
        r = next(r for r in rows if r["Name"] == name)
        rps, p50, p95 = float(r["Requests/s"]), float(r["50%"]), float(r["95%"])
        failed, share = int(r["Failure Count"]), float(r["Requests/s"]) / base if base else 0.0
        ok = failed == 0 and p95 <= GOAL_P95_MS and (name == "/healthz" or share >= GOAL_SHARE)
        met &= ok
        print(f"{name:<38}{rps:>8.1f}{p50:>8.0f}{p95:>8.0f}{failed:>8}{share:>12.0%}{'' if ok else '  *'}")
    print(f"goals (every page >= {GOAL_SHARE:.0%} of /healthz, p95 <= {GOAL_P95_MS} ms, no failure): "
          f"{'met' if met else 'not met (*)'}")
    return met


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="Keep the instance folder afterwards.")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="loive-bench-pages-"))
    try:
        ids = build(folder, args.positions, args.candidates)
        with serve(folder) as base:
            ids.update(sign_in(base))
            start = time.perf_counter()
            warm_up(base, ids)
            print(f"warm-up (indexes built in both workers): {time.perf_counter() - start:.0f} s", flush=True)
            service_times(base, ids)
            rows = load(base, ids, args.users, args.seconds, folder)
        report(rows, args.users, args.seconds)
    finally:
        if args.keep:
            print(f"instance folder kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
