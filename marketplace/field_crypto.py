"""Field-level encryption, on when FIELD_KEY is configured [SECURITY 24].

The free-text health and address fields of a person are stored as AES-GCM ciphertext whose
associated data is "table.column.row id": a ciphertext copied into another row or column does
not decrypt, so a database copy or a clumsy UPDATE cannot move someone's health notes onto
another person. The key lives outside the database (instance/config.py or FLASK_FIELD_KEY):
32 random bytes, URL-safe base64 (`python -c "import os,base64;print(base64.urlsafe_b64encode(os.urandom(32)).decode())"`).

Which columns: only those no SQL query filters on. The conviction columns (legal status, offence
category, sentence, dates) are CHECK-constrained codes and dates that the today panel and the
expungement computation query in SQL; they stay plain, and are guarded by access control,
the audit trail and the expungement purge instead.

Rows written before the key was set stay readable (a value without the prefix is plain text)
and are encrypted the next time they change.
"""
from __future__ import annotations

import base64
import binascii
import os

from flask import current_app, has_app_context
from sqlalchemy import event, update
from sqlalchemy.orm.attributes import set_committed_value

PREFIX = "enc1:"
NONCE_BYTES = 12


class FieldKeyError(RuntimeError):
    """FIELD_KEY is set but unusable, or `cryptography` is not installed."""


class FieldDecryptionError(RuntimeError):
    """A stored ciphertext does not belong to this table, column and row (or the key is wrong)."""


def parse_key(value) -> bytes:
    try:
        key = base64.urlsafe_b64decode(value) if isinstance(value, str) else bytes(value)
    except (binascii.Error, ValueError) as error:
        raise FieldKeyError("FIELD_KEY must be 32 bytes in URL-safe base64.") from error
    if len(key) != 32:
        raise FieldKeyError("FIELD_KEY must be 32 bytes (AES-256) in URL-safe base64.")
    try:
        import cryptography  # noqa: F401  (the optional dependency: pip install loive[encryption])
    except ImportError as error:
        raise FieldKeyError("FIELD_KEY is set but the 'cryptography' package is not installed.") from error
    return key


def _key() -> bytes | None:
    if not has_app_context():
        return None
    value = current_app.config.get("FIELD_KEY")
    return parse_key(value) if value else None


def _bound(table: str, column: str, row_id: int) -> bytes:
    return f"{table}.{column}.{row_id}".encode()


def encrypt(key: bytes, plain: str, table: str, column: str, row_id: int) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plain.encode(), _bound(table, column, row_id))
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(key: bytes | None, stored, table: str, column: str, row_id: int):
    if not isinstance(stored, str) or not stored.startswith(PREFIX):
        return stored  # plain: written before the key was configured
    if key is None:
        raise FieldDecryptionError(f"{table}.{column} of row {row_id} is encrypted and FIELD_KEY is not set.")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    raw = base64.urlsafe_b64decode(stored[len(PREFIX):])
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _bound(table, column, row_id)).decode()
    except InvalidTag as error:
        raise FieldDecryptionError(f"{table}.{column} of row {row_id} does not decrypt: "
                                   "it was not written for this row, or the key is wrong.") from error


def encrypt_columns(model, columns: tuple[str, ...]) -> None:
    """Store `columns` of `model` encrypted whenever FIELD_KEY is set."""
    table = model.__table__

    @event.listens_for(model, "before_insert")
    def _before_insert(_mapper, _connection, target):
        # The row id is not known before the INSERT: insert blanks, then write the ciphertext
        # bound to the new id in the same transaction (after_insert).
        if _key() is None:
            return
        target._plain_fields = {c: getattr(target, c) for c in columns}
        for column in columns:
            setattr(target, column, "" if getattr(target, column) is not None else None)

    @event.listens_for(model, "after_insert")
    def _after_insert(_mapper, connection, target):
        plain = target.__dict__.pop("_plain_fields", None)
        if not plain:
            return
        key = _key()
        values = {c: encrypt(key, v, table.name, c, target.id) for c, v in plain.items() if v}
        if values:
            connection.execute(update(table).where(table.c.id == target.id).values(**values))
        for column, value in plain.items():
            set_committed_value(target, column, value)

    @event.listens_for(model, "before_update")
    def _before_update(_mapper, _connection, target):
        key = _key()
        if key is None:
            return
        from sqlalchemy import inspect

        state = inspect(target)
        changed = {c: getattr(target, c) for c in columns if state.attrs[c].history.has_changes()}
        target._plain_fields = changed
        for column, value in changed.items():
            if value:
                setattr(target, column, encrypt(key, value, table.name, column, target.id))

    @event.listens_for(model, "after_update")
    def _after_update(_mapper, _connection, target):
        for column, value in target.__dict__.pop("_plain_fields", {}).items():
            set_committed_value(target, column, value)

    def _decrypt_loaded(target, *_args):
        loaded = {c: target.__dict__[c] for c in columns if c in target.__dict__}
        if not any(isinstance(v, str) and v.startswith(PREFIX) for v in loaded.values()):
            return
        key = _key()
        for column, value in loaded.items():
            set_committed_value(target, column, decrypt(key, value, table.name, column, target.id))

    event.listen(model, "load", _decrypt_loaded)
    event.listen(model, "refresh", _decrypt_loaded)
