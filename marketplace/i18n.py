"""Vietnamese first, English second: locale choice and the language switch."""
from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_login import current_user

from .extensions import babel

LOCALE_COOKIE = "lang"


def select_locale() -> str:
    """The signed-in user's choice, else the anonymous visitor's cookie, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI and background work: the programme's language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith("/api/"):  # the API follows Accept-Language, never cookies
        return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def languages() -> dict:
        from flask_babel import get_locale

        return {"current_locale": str(get_locale()), "LANGUAGES": app.config["LANGUAGES"]}

