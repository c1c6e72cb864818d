"""What every template may call: places, coded labels, money, and the reasons of a match."""
from flask import Flask

from . import labels, locations
from .services import vocabulary


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        place=locations.place_label,
        coded=labels.coded,
        vocab=vocabulary.label,
        explain=vocabulary.explain,
        is_caution=vocabulary.is_caution,
    )
    app.jinja_env.filters["vnd"] = labels.format_vnd
    from .referrals import display

    display.init_app(app)
