"""Model files without pickle: arrays in ``.npz``, everything else in JSON.

A model is two files written side by side:

* ``<name>.npz``: the numeric arrays only, read with ``allow_pickle=False``;
* ``<name>.model.json``: format name and version, the feature list, the
  library versions that wrote it, the scalar settings, and the SHA-256 of the
  ``.npz`` bytes.

Loading refuses, with a :class:`ModelFileError` that says why, a file whose
digest does not match (altered or truncated), whose format version or
feature list differs from this library's, or whose arrays are not the ones
expected. Nothing in either file can run code. Files are written atomically
(temporary file, then rename) and made readable by the owner's group, which
runs the web workers.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

import numpy as np
import scipy
import sklearn

FORMAT = "loive-ranker"
FORMAT_VERSION = 2
FILE_MODE = 0o640
META_SUFFIX = ".model.json"


class ModelFileError(ValueError):
    """A model file that must not be served: altered, mismatched or unreadable."""


def meta_path(path) -> Path:
    """The JSON metadata file that belongs to the ``.npz`` at ``path``."""
    path = Path(path)
    return path.with_name(path.name[:-len(".npz")] + META_SUFFIX if path.name.endswith(".npz")
                          else path.name + META_SUFFIX)


def library_versions() -> dict:
    """Versions of the libraries whose numerics the arrays depend on."""
    return {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write(path, arrays: dict, meta: dict) -> None:
    """Write ``arrays`` (name -> ndarray) and ``meta`` (JSON-able) as a model at ``path``."""
    path = Path(path)
    if not path.name.endswith(".npz"):
        raise ValueError(f"{path}: model files end in .npz")
    buf = io.BytesIO()
    np.savez(buf, **{k: np.asarray(v) for k, v in arrays.items()})
    blob = buf.getvalue()
    for name, a in arrays.items():
        if np.asarray(a).dtype == object:
            raise ValueError(f"array {name!r} holds Python objects; only plain numbers are stored")
    doc = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "libraries": library_versions(),
        "sha256": hashlib.sha256(blob).hexdigest(), "arrays": sorted(arrays), **meta,
    }
    # Metadata first, arrays second: whoever sees the .npz finds its metadata.
    _write_atomic(meta_path(path), json.dumps(doc, ensure_ascii=False, indent=1, default=_json).encode())
    _write_atomic(path, blob)


def _json(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in model metadata")


def read(path, features: list[str]) -> tuple[dict, dict]:
    """Arrays and metadata of the model at ``path``, or :class:`ModelFileError` saying why not."""
    path = Path(path)
    try:
        doc = json.loads(meta_path(path).read_text("utf-8"))
        blob = path.read_bytes()
    except FileNotFoundError as exc:
        raise ModelFileError(f"{path.name}: missing {Path(exc.filename).name}") from exc
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path.name}: unreadable metadata ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ModelFileError(f"{path.name}: not a {FORMAT} model file")
    if doc.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(f"{path.name}: format version {doc.get('format_version')!r}, "
                             f"this library reads version {FORMAT_VERSION}; retrain the model")
    if doc.get("features") != list(features):
        raise ModelFileError(f"{path.name}: trained on a different feature list; retrain the model")
    digest = hashlib.sha256(blob).hexdigest()
    if digest != doc.get("sha256"):
        raise ModelFileError(f"{path.name}: SHA-256 {digest[:12]}… does not match the metadata "
                             f"({str(doc.get('sha256'))[:12]}…): the file was altered or truncated")
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path.name}: unreadable arrays ({exc})") from exc
    if sorted(arrays) != doc.get("arrays"):
        raise ModelFileError(f"{path.name}: arrays {sorted(arrays)} differ from the metadata")
    return arrays, doc
