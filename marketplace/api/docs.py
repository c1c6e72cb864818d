"""A plain reference page for the API, rendered by the app from its own OpenAPI document."""
from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__)


@bp.get("/api/docs")
def reference():
    spec = current_app.extensions["loive.api"].spec.to_dict()
    return render_template("api/docs.html", spec=spec)
