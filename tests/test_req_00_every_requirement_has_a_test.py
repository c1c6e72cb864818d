"""Every requirement of SECURITY.md has a test named after its number, or a row of SECURITY_NOTES.md
saying why it does not apply yet; and the notes name only tests that exist (issue 12).

The requirements are read from ../shared/SECURITY.md when it is there (beside the project on the
developers' machines), else from the numbers below, the 30 it had when this was written.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
NOTES = ROOT / "SECURITY_NOTES.md"
SECURITY = ROOT.parent / "shared" / "SECURITY.md"
KNOWN = range(1, 31)

DOES_NOT_APPLY = re.compile(r"does not apply yet[:,]\s*\S.{10,}", re.I)
NAMED = re.compile(r"`(?:(?:tests/)?(test_[a-z0-9_*]+\.py))?(?:::(test_[a-z0-9_*]+))?`")


def requirement_numbers() -> list[int]:
    if not SECURITY.exists():
        return list(KNOWN)
    text = SECURITY.read_text("utf-8")
    section = text.split("## Requirements", 1)[1]
    return [int(n) for n in re.findall(r"^(\d+)\.\s", section, re.M)]


def numbered_tests() -> dict[int, set[str]]:
    """Requirement number -> the test functions named after it, as "file::test"."""
    found: dict[int, set[str]] = {}
    for path in sorted(TESTS.rglob("*.py")):
        for name in re.findall(r"^\s*(?:async\s+)?def (test_req_\d{2}_\w+)\(", path.read_text("utf-8"), re.M):
            found.setdefault(int(name[9:11]), set()).add(f"{path.relative_to(TESTS).as_posix()}::{name}")
    return found


def notes_rows(text: str) -> dict[int, str]:
    """Requirement number -> the "covered by" cell of its row in the notes' table."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) >= 3 and cells[0].isdigit():
            rows[int(cells[0])] = cells[-1]
    return rows


def uncovered(numbers, tests: dict[int, set[str]], rows: dict[int, str]) -> list[int]:
    """The requirements with neither a numbered test nor a row saying why none applies yet."""
    return [n for n in numbers if not tests.get(n) and not DOES_NOT_APPLY.search(rows.get(n, ""))]


def named_in(cell: str) -> list[tuple[str | None, str | None]]:
    """(file, test) for each `file.py::test`, `::test` (the file named before it) or `file.py`."""
    named, current = [], None
    for file, test in NAMED.findall(cell):
        current = file or current
        if file or test:
            named.append((current, test or None))
    return named


def test_req_00_the_requirements_are_read():
    numbers = requirement_numbers()
    assert numbers == sorted(set(numbers)) and len(numbers) >= 30


def test_req_00_every_requirement_has_a_numbered_test_or_says_why_not():
    missing = uncovered(requirement_numbers(), numbered_tests(), notes_rows(NOTES.read_text("utf-8")))
    assert missing == [], f"no test_req_NN_ test and no 'does not apply yet: why' row for {missing}"


def test_req_00_every_requirement_has_its_row_in_the_notes():
    rows = notes_rows(NOTES.read_text("utf-8"))
    assert [n for n in requirement_numbers() if n not in rows] == []


def test_req_00_each_row_names_a_test_of_its_own_number():
    tests = numbered_tests()
    unnamed = []
    for number, cell in notes_rows(NOTES.read_text("utf-8")).items():
        own = {f"{file}::{test}" for file, test in named_in(cell) if test} & tests.get(number, set())
        glob = f"test_req_{number:02d}_*" in cell
        if not own and not glob and not DOES_NOT_APPLY.search(cell):
            unnamed.append(number)
    assert unnamed == []


def test_req_00_the_notes_name_only_tests_that_exist():
    text = NOTES.read_text("utf-8")
    stale = []
    for line in text.splitlines():
        for file, test in named_in(line):
            if file is None or "*" in file + (test or ""):
                continue  # a pattern: tests/test_req_27_*.py, ::test_req_04_*
            path = TESTS / file
            if not path.exists():
                stale.append(file)
            elif test and not re.search(rf"^\s*(?:async\s+)?def {test}\(", path.read_text("utf-8"), re.M):
                stale.append(f"{file}::{test}")
    assert stale == []


def test_req_00_the_check_sees_a_missing_number():
    rows = notes_rows("| # | requirement | covered by |\n|---|---|---|\n"
                      "| 1 | argon2id, no `\\|safe` | `test_auth.py::test_req_01_x`, `::test_req_01_y` |\n"
                      "| 2 | passwords | does not apply yet: the app keeps no passwords of its own |\n"
                      "| 3 | login limit | `test_auth.py::test_limited` |\n")
    tests = {1: {"test_auth.py::test_req_01_x"}}
    assert uncovered([1, 2, 3, 4], tests, rows) == [3, 4]
    assert named_in(rows[1]) == [("test_auth.py", "test_req_01_x"), ("test_auth.py", "test_req_01_y")]
