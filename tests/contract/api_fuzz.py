"""Schemathesis against the live API: a served app (gunicorn, 2 workers, loopback), demo data,
one token per role. Every generated request must get no 5xx and a response that matches the
OpenAPI document. Run by .ci/run; bounded in examples and time.

    .venv/bin/python tests/contract/api_fuzz.py [--examples N]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.live import gunicorn  # noqa: E402

BIN = Path(sys.executable).parent
LOGINS = {  # one demo login per role (README)
    "admin": "admin@loive.vn",
    "caseworker": "canbo.uongbi@loive.vn",
    "employer": "tuyendung@dakienkhe.vn",
    "candidate": "0912000001",
}
PASSWORD = "loive-demo-2026"


def token(base: str, login: str) -> str:
    request = urllib.request.Request(f"{base}/api/v1/tokens", method="POST",
                                     data=json.dumps({"login": login, "password": PASSWORD}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)["token"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=6)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--max-time", type=int, default=90, help="seconds per role")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="loive-api-"))
    env = {**os.environ, "FLASK_APP": "marketplace", "FLASK_DEBUG": "1", "FLASK_DEMO_MODE": "true",
           "DATABASE_URL": f"sqlite:///{work / 'api.sqlite3'}",
           "FLASK_SECRET_KEY": "contract-run-" + "x" * 32}
    for command in (["db", "upgrade"], ["demo", "seed"]):
        subprocess.run([str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    failed = False
    with gunicorn("marketplace:create_app()", env, ready="/api/v1/openapi.json", seconds=60) as base:
        for role, login in LOGINS.items():
            print(f"== schemathesis as {role}", flush=True)
            run = subprocess.run([
                str(BIN / "schemathesis"), "run", f"{base}/api/v1/openapi.json", "--url", base,
                "--checks", "not_a_server_error,response_schema_conformance",
                "--max-examples", str(args.examples), "--seed", str(args.seed),
                "--exclude-path-regex", "/tokens",  # signing in and out is tested in test_api.py
                "--header", f"Authorization: Bearer {token(base, login)}",
                "--request-timeout", "20", "--max-time", str(args.max_time), "--workers", "2",
                "--generation-allow-x00", "false",
            ], cwd=work, env=env)
            failed |= run.returncode != 0
    print("API contract:", "FAILED" if failed else "passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
