"""`flask` commands: thin wrappers over services, one commit each."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from .extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demo data for development.")


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(matching_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(caseload_cli)
    # `flask db backup` / `flask db restore` sit beside Flask-Migrate's `flask db upgrade`.
    from flask_migrate.cli import db as db_group

    db_group.add_command(db_backup)
    db_group.add_command(db_restore)


@click.command("backup")
@with_appcontext
def db_backup() -> None:
    """Back the database up into instance/backups (SQLite online backup, or pg_dump -Fc)."""
    from flask import current_app

    from .backups import BackupError, backup

    try:
        path = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], current_app.config["BACKUP_DIR"])
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {path}")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def db_restore(file: str, yes: bool) -> None:
    """Replace the whole database with a backup FILE. Stop the web workers first."""
    from flask import current_app

    from .backups import BackupError, restore

    if not yes:
        click.confirm(f"Every row in the database will be replaced by {file}. Continue?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep writing to the old contents
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    db.engine.dispose()
    click.echo(f"Database restored from {file}")


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
    if "logged" in report:
        click.echo(f"\nOn {report['logged']['n_lists']} logged lists of suggestions "
                   "(inverse propensity, position-based model; 'logged' is what they collected):")
        click.echo(ranking.logged_table(report["logged"]))
    else:
        click.echo("\nThe exposure log has no lists of suggestions yet: no estimate on what people were shown.")


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
    """Delete what is past its retention class (run daily); see services/retention.py."""
    from .services import retention

    removed = retention.purge_all()
    db.session.commit()
    for name, count in removed.items():
        click.echo(f"{name}: {count} rows")


caseload_cli = AppGroup("caseload", help="Caseload lists kept in Excel.")


@caseload_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--commit", is_flag=True, help="Write the people; without it, only show what would happen.")
@click.option("--as", "login", default=None,
              help="Import as this caseworker or admin (phone or e-mail); by default as the command line, anywhere.")
def caseload_import(file: str, commit: bool, login: str | None) -> None:
    """Import a caseload list (XLSX or CSV) like the upload page: a preview, then --commit."""
    from pathlib import Path

    from .services import imports
    from .services.accounts import find_user

    actor = None
    if login:
        actor = find_user(login)
        if actor is None or not actor.active or actor.role not in ("caseworker", "admin"):
            raise click.UsageError("No active caseworker or admin with that login.")
    path = Path(file)
    try:
        if path.stat().st_size > imports.MAX_BYTES:
            raise imports.ImportFileError(f"The file is larger than {imports.MAX_BYTES // (1024 * 1024)} MB.")
        pending = imports.start(actor, path.name, path.read_bytes())
        table = imports.Table.from_json(pending.payload)
        with click.progressbar(length=len(table.rows), label="Checking rows") as bar:
            planned = imports.plan(actor, table, progress=bar.update)
    except imports.ImportFileError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    counts = planned.counts
    for row in planned.rows:
        for column, message in row.errors:
            click.echo(f"row {row.number}, {column}: {message}")
    click.echo(f"{counts['create']} to create, {counts['update']} to update, {counts['unchanged']} unchanged, "
               f"{counts['error']} rows with errors (left out).")
    if not commit:
        db.session.rollback()
        click.echo("Nothing written: run again with --commit to import.")
        return
    with click.progressbar(length=counts["create"] + counts["update"], label="Writing people") as bar:
        imports.confirm(actor, pending, progress=bar.update, planned=planned)
    db.session.commit()
    click.echo(f"Imported: {counts['create']} created, {counts['update']} updated.")
