"""Errors as application/problem+json (RFC 9457) with a stable `code`, in the reader's language."""
from __future__ import annotations

from flask import Response, json
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

TITLES = {
    400: _l("Bad request"),
    401: _l("Sign-in needed"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("Too large"),
    415: _l("Unsupported media type"),
    422: _l("Invalid input"),
    429: _l("Too many attempts"),
    500: _l("Server error"),
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         422: "validation", 429: "rate_limited", 500: "server_error"}
DETAILS = {
    401: _l("Send a valid token: Authorization: Bearer <token>."),
    403: _l("Your role may not use this endpoint."),
    404: _l("There is nothing here, or it is not yours to see."),
    429: _l("Too many attempts. Please wait a few minutes and try again."),
}
# webargs/marshmallow's own messages, marked so that they are translated like ours.
MARSHMALLOW_MESSAGES = (
    _l("Missing data for required field."),
    _l("Unknown field."),
    _l("Not a valid integer."),
    _l("Not a valid string."),
    _l("Not a valid boolean."),
    _l("Not a valid date."),
    _l("Not a valid list."),
    _l("Field may not be null."),
    _l("Invalid input type."),
    _l("Invalid value."),
)


def problem(status: int, code: str | None = None, detail: str | None = None,
            errors: dict | None = None, **extra) -> Response:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status, _("Error"))),
        "status": status,
        "detail": detail if detail is not None else str(DETAILS.get(status, "")) or str(TITLES.get(status, "")),
        "code": code or CODES.get(status, "error"),
        **extra,
    }
    if errors is not None:
        body["errors"] = errors
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    mimetype="application/problem+json")


def translate_errors(messages) -> dict:
    """webargs' nested {location: {field: [message]}} as {field: [message in the reader's language]}."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        elif isinstance(node, (list, tuple)):
            if all(isinstance(m, str) for m in node):
                flat.setdefault(prefix or "_", []).extend(_(m) for m in node)
            else:
                for i, value in enumerate(node):
                    walk(f"{prefix}.{i}", value)
        else:
            flat.setdefault(prefix or "_", []).append(_(str(node)))

    for location, fields in (messages or {}).items():
        walk("", fields) if location in ("json", "query", "form", "view_args", "path") else walk(location, fields)
    return flat
