"""Model files hold arrays and JSON only; an altered or mismatched file is refused."""
import json
import os
import stat
import zipfile

import pytest

from matching import Ranker, store
from matching.store import ModelFileError

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture
def saved(tmp_path, fitted):
    path = tmp_path / "ranker-1.npz"
    fitted.save(path)
    return path


def test_the_files_are_arrays_and_json_with_a_digest(saved, fitted):
    doc = json.loads(store.meta_path(saved).read_text("utf-8"))
    assert doc["format"] == "loive-ranker" and doc["format_version"] == store.FORMAT_VERSION
    assert doc["features"] == fitted.metadata["features"]
    assert set(doc["libraries"]) == {"numpy", "scipy", "scikit-learn"} and len(doc["sha256"]) == 64
    with zipfile.ZipFile(saved) as z:
        assert all(n.endswith(".npy") for n in z.namelist())
    for path in (saved, store.meta_path(saved)):
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode & stat.S_IRGRP and not mode & stat.S_IROTH


def test_one_altered_byte_is_refused(saved):
    blob = bytearray(saved.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    saved.write_bytes(bytes(blob))
    with pytest.raises(ModelFileError, match="SHA-256"):
        Ranker.load(saved)


@pytest.mark.parametrize("edit,message", [
    (lambda d: d.update(format_version=1), "format version"),
    (lambda d: d.update(features=d["features"][:-1]), "feature list"),
    (lambda d: d.update(format="other"), "not a loive-ranker"),
    (lambda d: d.update(arrays=d["arrays"] + ["extra"]), "arrays"),
    (lambda d: d.update(gain="forest"), "inconsistent"),
])
def test_mismatched_metadata_is_refused(saved, edit, message):
    meta = store.meta_path(saved)
    doc = json.loads(meta.read_text("utf-8"))
    edit(doc)
    meta.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelFileError, match=message):
        Ranker.load(saved)


def test_a_missing_half_is_refused(saved):
    store.meta_path(saved).unlink()
    with pytest.raises(ModelFileError, match="missing"):
        Ranker.load(saved)


def test_the_library_never_uses_pickle():
    for name in os.listdir(os.path.join(ROOT, "matching")):
        if name.endswith(".py"):
            text = open(os.path.join(ROOT, "matching", name), encoding="utf-8").read()
            assert "import pickle" not in text and "allow_pickle=True" not in text, name
