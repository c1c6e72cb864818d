"""Classifying a response for the authorization matrix."""
from __future__ import annotations


def outcome(response) -> str:
    """L: sent to sign in (or 401); 3: 403; 4: 404; 5: a server error; V: refused as invalid
    (400, 409, 422, 429); O: served or done (2xx, or a redirect elsewhere than the login page)."""
    code = response.status_code
    if code >= 500:
        return "5"
    if code == 401:
        return "L"
    if code in (301, 302, 303, 307) and "/login" in (response.location or ""):
        return "L"
    if code == 403:
        return "3"
    if code == 404:
        return "4"
    if code in (400, 409, 422, 429):
        return "V"
    return "O"
