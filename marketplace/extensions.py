"""Unbound extension singletons; create_app binds them to an app."""
from datetime import datetime

from flask import request
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, registry


class Base(DeclarativeBase):
    # Named constraints so that Alembic's batch mode on SQLite can alter them; times are stored
    # in UTC with their zone where the database keeps one (PostgreSQL).
    registry = registry(
        type_annotation_map={datetime: DateTime(timezone=True)},
        metadata=MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
        ),
    )


# Page numbers from a query string stop here: a huge ?page= is an empty page, not an integer the
# database cannot hold (a server error on SQLite and PostgreSQL alike).
MAX_PAGE = 100_000


def _bounded(raw: str | None, default: int, most: int) -> int:
    try:
        value = int(raw) if raw is not None else default
    except ValueError:
        return default
    return min(max(value, 1), most)


class _SQLAlchemy(SQLAlchemy):
    def paginate(self, select, *, page=None, per_page=None, max_per_page=None, error_out=True, count=True):
        if request:
            if page is None:
                page = _bounded(request.args.get("page"), 1, MAX_PAGE)
            if per_page is None:
                per_page = _bounded(request.args.get("per_page"), 20, max_per_page or 100)
        return super().paginate(select, page=page, per_page=per_page, max_per_page=max_per_page,
                                error_out=error_out, count=count)


db = _SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
