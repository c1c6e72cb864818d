"""/api/v1: JSON over the same services as the pages, documented by OpenAPI 3.1.

flask-smorest builds the document from the code (marshmallow schemas on each route) and works on
the existing Flask app; its own error handlers are not installed, because the app's answer every
/api/ path with problem+json (errors.py).
"""
from __future__ import annotations

import http
import json

from flask import Flask
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser

API_PREFIX = "/api/v1"
PROBLEM = "application/problem+json"


class _Parser(FlaskParser):
    def _raw_load_json(self, req):
        # A body nested a few thousand deep ("[[[[...") exhausts json's recursion: a bad body
        # (400), not a server error.
        try:
            return super()._raw_load_json(req)
        except RecursionError as error:
            raise json.JSONDecodeError("Nested too deep", "[", 0) from error  # (an empty doc means "no body")


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = _Parser()


blp = Blueprint("api", __name__, url_prefix=API_PREFIX,
                description="Lối Về: positions, referrals and people for HR systems, apps and "
                            "employment services.")


class Api(SmorestApi):
    def _register_error_handlers(self) -> None:
        """Leave errors to the app's handlers (problem+json under /api/)."""

    def _register_responses(self) -> None:
        """Document every error as the problem+json the app sends (RFC 9457)."""
        from flask_smorest.utils import prepare_response

        from .schemas import ProblemOut

        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = ProblemOut
            prepare_response(response, self.spec, PROBLEM if status >= 400 else "application/json")
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "An error, as problem+json", "schema": ProblemOut}
        prepare_response(default, self.spec, PROBLEM)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)


def init_app(app: Flask) -> None:
    from ..converters import MAX_ID, IdConverter
    from ..extensions import csrf
    from . import docs, me, my_side, people, positions, referrals, tokens  # noqa: F401 (routes on blp)

    app.config.setdefault("API_TITLE", "Lối Về API")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = Api(app, spec_kwargs={"security": [{"bearer": []}]})
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.register_converter(IdConverter, lambda _converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
    api.register_blueprint(blp)
    csrf.exempt(blp)
    app.register_blueprint(docs.bp)
    app.extensions["loive.api"] = api
