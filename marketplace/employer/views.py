from flask import render_template
from flask_login import current_user

from ..auth import positions_of_employer
from ..extensions import db
from ..models import Position
from . import bp


@bp.get("/")
def home():
    employer = current_user.membership.employer if current_user.membership else None
    positions = db.session.scalars(positions_of_employer(current_user).order_by(Position.id.desc())).all()
    return render_template("employer/home.html", employer=employer, positions=positions)
