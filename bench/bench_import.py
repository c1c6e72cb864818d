"""The caseload import at 10,000 rows: read, preview, commit, and the same file again.

Run: ``.venv/bin/python bench/bench_import.py [--rows 10000] [--database-url URL]``. Generates an
XLSX caseload list (Vietnamese names, the communes of one caseworker in Quảng Ninh, legal columns,
skills and needs, 1 row in 50 with an error), then times for that caseworker:

* ``read``: reading the file (openpyxl read-only, through defusedxml) into the table;
* ``preview``: what the upload page does: read and store the pending table, then plan every row
  (matching people in one query, the caseworker's forms on each row);
* ``commit``: what the confirm button does on a fresh database: re-plan and write (bulk inserts);
* ``again``: the same file a second time (every row found, nothing written);
* ``update``: a file changing the phone of every person (bulk updates).

On a temporary SQLite database unless ``--database-url`` names another (PostgreSQL: an empty
database; its tables are created and dropped). Target: well under a minute for each step.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.models import CandidateProfile, User  # noqa: E402
from marketplace.services import accounts, imports  # noqa: E402

# Communes of Quảng Ninh (2025 codes) the bench caseworker holds.
AREAS = ((22, 6811), (22, 6820))
COMMUNES = ("Phường Uông Bí", "Phường Vàng Danh")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hữu", "Ngọc")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong", "Tuấn")
STATUSES = ("Đã chấp hành xong án tù", "Tha tù trước thời hạn có điều kiện", "Án treo (đang thử thách)")
SKILLS = ("Hàn", "Lái xe", "May công nghiệp", "Chăn nuôi", "Mộc", "Đóng gói")
NEEDS = ("Vay vốn", "Học nghề", "Giấy tờ", "Bảo hiểm y tế", "")


def workbook(rows: int, seed: int = 7, phone_base: int = 912000000) -> bytes:
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append([c.header for c in imports.COLUMNS])
    for i in range(rows):
        bad = i % 50 == 49
        sheet.append([
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            rng.randint(1960, 2004),
            rng.choice(("Nam", "Nữ")),
            f"0220{i:08d}" if not bad else f"0220{i:06d}",  # the bad ones are 10 digits long
            f"0{phone_base + i}",
            COMMUNES[i % 2],
            "",
            rng.choice(STATUSES),
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2015, 2025)}",
            "",
            "Tù có thời hạn",
            rng.randint(6, 120),
            "Xâm phạm sở hữu",
            ", ".join(rng.sample(SKILLS, 2)),
            rng.choice(NEEDS),
        ])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(step):
    """Wall seconds, CPU seconds of this process, and the step's result. On a shared machine the
    CPU figure is the steadier one: the wall figure also counts the time other processes ran."""
    start, cpu = time.perf_counter(), time.process_time()
    result = step()
    return time.perf_counter() - start, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-import-")
    url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench-secret-key-of-at-least-32-bytes",
                      "SQLALCHEMY_DATABASE_URI": url, "MODELS_DIR": os.path.join(folder, "models")})
    load = os.getloadavg()
    first = workbook(args.rows)
    changed = workbook(args.rows, phone_base=913000000)
    results = []
    with app.app_context(), app.test_request_context():
        db.drop_all()
        db.create_all()
        worker = accounts.create_caseworker("Cán bộ bench", "bench@example.vn", "a quiet river at dawn",
                                            "police", "", [accounts.Area(*a) for a in AREAS])
        db.session.commit()
        actor = db.session.get(User, worker.id)

        def preview(data):
            pending = imports.start(actor, "danh-sach.xlsx", data)
            planned = imports.preview(actor, pending)
            db.session.commit()
            return pending, planned

        def commit(pending):
            done = imports.confirm(actor, pending)
            db.session.commit()
            return done

        seconds, cpu, _table = timed(lambda: imports.read_table(first, "danh-sach.xlsx"))
        results.append(("read", seconds, cpu, f"{len(first) / 1024:.0f} KB"))
        for label, data in (("first import", first), ("same file again", first), ("every phone changed", changed)):
            seconds, cpu, (pending, planned) = timed(lambda: preview(data))
            counts = planned.counts
            results.append((f"preview: {label}", seconds, cpu,
                            f"{counts['create']} create, {counts['update']} update, "
                            f"{counts['unchanged']} unchanged, {counts['error']} errors"))
            seconds, cpu, done = timed(lambda: commit(pending))
            results.append((f"commit: {label}", seconds, cpu, f"{done.created} created, {done.updated} updated"))
        people = db.session.scalar(select(func.count()).select_from(CandidateProfile))
        db.drop_all()
    print(f"Caseload import, {args.rows:,} rows, {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
    print(f"load average before: {load[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'step':<32} {'wall s':>8} {'CPU s':>7}  result")
    for label, seconds, cpu, note in results:
        print(f"{label:<32} {seconds:>8.2f} {cpu:>7.2f}  {note}")
    print(f"people in the database at the end: {people:,}")


if __name__ == "__main__":
    main()
