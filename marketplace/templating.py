"""What every template may call: places, coded labels, money, the reasons of a match, icons and
status chips."""
from flask import Flask

from . import icons, labels, locations
from .services import vocabulary


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        place=locations.place_label,
        coded=labels.coded,
        vocab=vocabulary.label,
        explain=vocabulary.explain,
        is_caution=vocabulary.is_caution,
        icon=icons.icon,
        status_chip=icons.status_chip,
        status_icon=icons.status_icon,
    )
    app.jinja_env.filters["vnd"] = labels.format_vnd
    from .referrals import display

    display.init_app(app)
