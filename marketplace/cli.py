"""`flask` commands: thin wrappers over services, one commit each."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from .extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demo data for development.")


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(matching_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(privacy_cli)


@users_cli.command("create-admin")
@click.option("--name", prompt=True, help="Full name.")
@click.option("--login", prompt=True, help="E-mail or phone number.")
@click.password_option(help="At least 8 characters.")
def create_admin(name: str, login: str, password: str) -> None:
    """Create a programme coordinator (admin) account."""
    from .fields import EMAIL_RE, PHONE_RE, normalise_phone
    from .passwords import MIN_LENGTH, is_common
    from .services.accounts import create_admin as create, login_taken

    if not (EMAIL_RE.match(login) or PHONE_RE.match(normalise_phone(login))):
        raise click.UsageError("The login must be an e-mail address or a 10-digit mobile number.")
    if len(password) < MIN_LENGTH or is_common(password):
        raise click.UsageError(f"Choose a password of at least {MIN_LENGTH} characters that is not common.")
    if login_taken(login):
        raise click.UsageError("That login already has an account.")
    user = create(name, login, password)
    db.session.commit()
    click.echo(f"Admin account {user.login} created.")


@demo_cli.command("seed")
def demo_seed() -> None:
    """Fill an empty development database with a believable programme."""
    from .services.demo import DemoRefused, seed

    try:
        logins = seed()
    except DemoRefused as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    print_logins(logins)


@demo_cli.command("scale")
@click.option("--positions", default=10_000, show_default=True, help="Generated positions.")
@click.option("--candidates", default=50_000, show_default=True, help="Generated people returning.")
@click.option("--seed", default=2026, show_default=True, help="The same seed gives the same data.")
def demo_scale(positions: int, candidates: int, seed: int) -> None:
    """Fill an empty development database with the demo plus province-scale generated data."""
    import time

    from .services.demo import DemoRefused
    from .services.demo.scale import scale

    if positions < 0 or candidates < 0:
        raise click.UsageError("--positions and --candidates cannot be negative.")
    start = time.perf_counter()
    try:
        logins, made = scale(positions, candidates, seed)
    except DemoRefused as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Generated {made.companies} companies, {made.positions} positions, "
               f"{made.candidates} people and {made.referrals} referrals "
               f"in {time.perf_counter() - start:.0f} s.")
    print_logins(logins)


@demo_cli.command("ensure")
def demo_ensure() -> None:
    """On an empty database: seed the demo and train a first model. Then print the logins."""
    from .services import demo, ranking

    if demo.is_empty():
        try:
            demo.seed()
        except demo.DemoRefused as exc:
            raise click.ClickException(str(exc)) from exc
        db.session.commit()
        click.echo("Demo programme seeded.")
        info = ranking.train()
        click.echo(f"First ranking model {info['file']} trained on {info['n_outcomes']} outcomes.")
    print_logins(demo.demo_logins())


def print_logins(logins) -> None:
    click.echo("Demo logins (role | login | password):")
    for entry in logins:
        click.echo(f"  {entry.role:<11} {entry.login:<28} {entry.password}")


matching_cli = AppGroup("matching", help="Train, evaluate and roll back the ranking model.")


@matching_cli.command("train")
def matching_train() -> None:
    """Fit on every consented outcome and save a new model version under instance/models/."""
    from .services import ranking

    info = ranking.train()
    click.echo(f"Trained {info['file']} on {info['n_outcomes']} outcomes "
               f"({info['n_candidates']} people, {info['n_positions']} positions).")
    if info["evaluation"]:
        click.echo(ranking.table(info["evaluation"]))


@matching_cli.command("evaluate")
def matching_evaluate() -> None:
    """Hold out the most recent outcomes and compare the ranker with the baselines."""
    from .services import ranking

    report = ranking.evaluate()
    if report is None:
        raise click.ClickException("There are no ended referrals to evaluate on yet.")
    click.echo(f"Trained on {report['n_train']} outcomes, tested on the {report['n_test']} most recent.")
    click.echo(ranking.table(report))


@matching_cli.command("rollback")
def matching_rollback() -> None:
    """Set the newest model aside; the previous version serves from the next request."""
    from .services import ranking

    now = ranking.rollback()
    if now is None:
        raise click.ClickException("There is no earlier model to return to.")
    click.echo(f"Now serving {now}.")



outbox_cli = AppGroup("outbox", help="Deliver queued SMS, e-mail and Zalo messages.")


@outbox_cli.command("deliver")
@click.option("--limit", default=500, show_default=True, help="At most this many messages.")
def outbox_deliver(limit: int) -> None:
    """Hand pending outbox messages to the configured sender (OUTBOX_SENDER)."""
    from flask import current_app

    from .services import notifications

    name = current_app.config["OUTBOX_SENDER"]
    if name not in notifications.SENDERS:
        raise click.ClickException(f"Unknown OUTBOX_SENDER {name!r}; known: {', '.join(notifications.SENDERS)}.")
    delivery = notifications.deliver_pending(notifications.SENDERS[name](), limit=limit)
    db.session.commit()
    click.echo(f"Sent {delivery.sent}, failed {delivery.failed}.")


privacy_cli = AppGroup("privacy", help="Retention: delete what is kept no longer than needed.")


@privacy_cli.command("purge")
def privacy_purge() -> None:
    """Delete exposure-log rows past their retention (run daily)."""
    from .services import exposure

    removed = exposure.purge()
    db.session.commit()
    click.echo(f"Exposure log: {removed} rows older than {exposure.KEEP_DAYS} days deleted.")
