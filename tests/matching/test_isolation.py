import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def test_matching_does_not_import_the_app():
    code = ("import matching, sys; bad=[m for m in ('flask','sqlalchemy','marketplace') "
            "if m in sys.modules]; assert not bad, bad")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_no_app_imports_in_source():
    folder = os.path.join(ROOT, "matching")
    for name in os.listdir(folder):
        if name.endswith(".py"):
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            for mod in ("flask", "sqlalchemy", "marketplace"):
                assert f"import {mod}" not in text and f"from {mod}" not in text, (name, mod)
