"""The model files under instance/models/: which one serves, its metadata, rollback, pruning.

Files are `ranker-<UTC stamp>.npz` (arrays) with `.model.json` (the library's metadata, checked
on load) and `.json` (the app's figures: evaluation, fairness). No pickle anywhere: a file that
is altered or does not match this library is refused, logged, and the model already serving
keeps serving (or the newest older file that loads, or the cold start).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from flask import current_app

from matching import Ranker
from matching.store import FILE_MODE, ModelFileError, meta_path

EXTENSION_KEY = "loive.ranker"
FOLDER_MODE = 0o750  # the owner writes models, the web workers' group reads them (files: FILE_MODE)
MODEL_PREFIX = "ranker-"
MODEL_SUFFIX = ".npz"


def models_dir() -> Path:
    return Path(current_app.config["MODELS_DIR"])


def model_files() -> list[Path]:
    """Saved models, newest first (names carry a sortable UTC timestamp)."""
    folder = models_dir()
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.name.startswith(MODEL_PREFIX) and p.name.endswith(MODEL_SUFFIX)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def get_ranker() -> Ranker:
    """The newest saved model, reloaded when a newer file appears; cold start when there is none.

    The check is one directory listing, so a `flask matching train` reaches every worker on its
    next request without a restart. A file that is refused is logged once and skipped: the
    model already serving keeps serving.
    """
    files = model_files()
    newest = files[0] if files else None
    cached = current_app.extensions.get(EXTENSION_KEY)
    if cached is not None and cached[0] == newest:
        return cached[1]
    ranker = None
    for path in files:
        try:
            ranker = Ranker.load(path)
            break
        except ModelFileError as exc:
            current_app.logger.error("Ranking model refused, not served: %s", exc)
            if cached is not None:
                ranker = cached[1]  # the previous model keeps serving
                break
    if ranker is None:
        ranker = Ranker()
    current_app.extensions[EXTENSION_KEY] = (newest, ranker)
    return ranker


def model_info() -> dict | None:
    """The metadata written next to the model in use (training date, data size, evaluation)."""
    files = model_files()
    if not files:
        return None
    meta = files[0].with_suffix(".json")
    info = json.loads(meta.read_text("utf-8")) if meta.exists() else {}
    info.setdefault("file", files[0].name)
    return info


def model_version() -> str:
    """The name of the model serving suggestions ("cold-start" before any training)."""
    files = model_files()
    return files[0].stem if files else "cold-start"


def companions(path: Path) -> list[Path]:
    """A model's files: arrays, library metadata, app figures."""
    return [path, meta_path(path), path.with_suffix(".json")]


def save(ranker: Ranker, path: Path, info: dict) -> None:
    """App figures first, then the model (which writes its metadata before its arrays)."""
    write_atomic(path.with_suffix(".json"), json.dumps(info, ensure_ascii=False, indent=1))
    ranker.save(path)


def rollback() -> str | None:
    """Set the newest model aside so the previous one serves again; returns the one now in use."""
    files = model_files()
    if len(files) < 2:
        return None
    for f in companions(files[0]):
        if f.exists():
            f.rename(f.with_name(f.name + ".rolledback"))
    return files[1].name


def prune(keep: int) -> None:
    for old in model_files()[keep:]:
        for f in companions(old):
            f.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, FILE_MODE)  # the web workers' group reads the models folder
    os.replace(tmp, path)
