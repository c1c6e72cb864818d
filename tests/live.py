"""The real app on a free loopback port, for whatever talks to it over HTTP: in this process
(werkzeug in a thread) for the browser tests, or under gunicorn with two workers, as in
production, for the API contract run (tests/contract/api_fuzz.py) and the page benchmark
(bench/bench_pages.py). Not a test module; the scripts import it with the project folder on
sys.path."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A loopback port nobody listens on (for a server started a moment later)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def in_thread(app) -> Iterator[str]:
    """Serve `app` from a thread of this process; yields its base URL, stops the server after."""
    from werkzeug.serving import make_server

    server = make_server(HOST, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def wait_for(url: str, seconds: float) -> None:
    """Until `url` answers without an error status; RuntimeError after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:  # refused while starting, or an error status (HTTPError is an OSError)
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer at {url} within {seconds:.0f} s")


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], *, ready: str = "/healthz", seconds: float = 120,
             workers: int = 2) -> Iterator[str]:
    """Serve `app_spec` (gunicorn's "module:factory()") from the project folder on a free loopback
    port; yields the base URL once `ready` answers, stops the server after."""
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(workers), "--bind", f"{HOST}:{port}",
         "--log-level", "warning", app_spec], cwd=ROOT, env=env)
    try:
        wait_for(f"{base}{ready}", seconds)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
