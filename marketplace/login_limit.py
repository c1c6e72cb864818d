"""The login limit [SECURITY 3]: every worker counts in one place, and counting is checking.

Each attempt takes a place *before* the password is checked, with one conditional statement
(``UPDATE … SET count = count + 1 WHERE … AND count < :limit``, or an upsert that opens a new
window), so sixty concurrent guesses cannot all read "4 failures" and all go through. With
``REDIS_URL`` set the counters live in Redis instead (``INCR`` with an expiry).

Three counters, so that a stranger cannot lock anybody out:
- per account *and* address: a hard limit (429) — an attacker exhausts only their own address;
- per address: a hard limit over every account tried from there;
- per account from every address: past a threshold the account is *slowed down* (one attempt
  per interval, from anywhere), never locked.

A successful login forgives its account-and-address counter and gives back its places in the
other two, so an office of caseworkers behind one address is not limited by its own logins.

The one-time codes that open an account are guessed the same way and limited the same way, under
an account key of their own: a caseworker's claim slip ("claim:<phone>", services/claims.py) and a
company's invitation ("join:<phone or e-mail>", services/members.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, delete, update

from . import clock
from .extensions import db
from .models import LoginCounter


@dataclass(frozen=True)
class Rule:
    key: str
    limit: int
    window: timedelta
    interval: timedelta | None = None  # past the limit: one attempt per interval, not none


def rules(account: str, ip: str) -> list[Rule]:
    cfg = current_app.config
    window = cfg["LOGIN_WINDOW"]
    return [
        Rule(f"addr:{ip}", cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"], window),
        Rule(f"pair:{account}|{ip}", cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"], window),
        Rule(f"acct:{account}", cfg["LOGIN_SLOW_DOWN_AFTER"], window, cfg["LOGIN_SLOW_DOWN_INTERVAL"]),
    ]


def admit(account: str, ip: str) -> bool:
    """Count one attempt on every counter; False (refuse with 429) when one of them is full."""
    store = _store()
    return all(store.take(rule) for rule in rules(account, ip))


def succeeded(account: str, ip: str) -> None:
    """The password was right: this device's failures on this account are forgiven."""
    store = _store()
    addr, pair, acct = rules(account, ip)
    store.forget(pair.key)
    store.give_back(addr.key)
    store.give_back(acct.key)


def _store():
    url = current_app.config.get("REDIS_URL")
    if url:
        return RedisStore(url)
    return DatabaseStore()


class DatabaseStore:
    """Counters in `login_counters`; each change is one statement, committed at once so the place
    is taken before the (slow) password check and no lock is held during it."""

    def take(self, rule: Rule) -> bool:
        now = clock.now()
        since = now - rule.window
        table = LoginCounter.__table__
        room = table.c.count < rule.limit
        values = {"count": table.c.count + 1}
        if rule.interval is not None:
            # Slowed down: a place is free when the last one handed out is `interval` old.
            free = table.c.next_at.is_(None) | (table.c.next_at <= now)
            room = room | free
            values["next_at"] = case((table.c.count >= rule.limit, now + rule.interval),
                                     else_=table.c.next_at)
        bump = (update(table).where(table.c.key == rule.key, table.c.window_start > since, room)
                .values(**values).returning(table.c.key))
        # RETURNING tells whether the statement took a place (an upsert's rowcount is not reliable
        # across drivers); each statement is atomic on its own.
        connection = db.session.connection()
        taken = connection.execute(bump).first() is not None
        if not taken:
            # No counter yet, or its window is over: start a new one (a no-op when it is current).
            taken = connection.execute(self._open(table, rule.key, now, since)).first() is not None
        if not taken:
            # Someone opened the new window a moment ago: take a place in it if there is one.
            taken = connection.execute(bump).first() is not None
        db.session.commit()
        return taken

    @staticmethod
    def _open(table, key, now, since):
        if db.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(table).values(key=key, window_start=now, count=1, next_at=None)
        return statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"window_start": now, "count": 1, "next_at": None},
            where=table.c.window_start <= since).returning(table.c.key)

    def forget(self, key: str) -> None:
        db.session.execute(delete(LoginCounter).where(LoginCounter.key == key))

    def give_back(self, key: str) -> None:
        db.session.execute(update(LoginCounter).where(LoginCounter.key == key, LoginCounter.count > 0)
                           .values(count=LoginCounter.count - 1))


def purge(now=None) -> int:
    """Counters whose window ended a day ago count for nothing: delete them (retention)."""
    cutoff = (now or clock.now()) - current_app.config["LOGIN_WINDOW"] - timedelta(days=1)
    return db.session.execute(delete(LoginCounter).where(LoginCounter.window_start < cutoff)).rowcount


# INCR and the window's expiry in one step: a crash between the two cannot leave a counter forever.
_TAKE = "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return c"
_GIVE_BACK = "if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then return redis.call('DECR', KEYS[1]) end return 0"


class RedisStore:
    """The same counters in Redis: INCR is the atomic count-and-check, the expiry is the window."""

    _clients: dict[str, object] = {}

    def __init__(self, url: str) -> None:
        if url not in self._clients:
            import redis  # optional dependency: only when REDIS_URL is configured

            self._clients[url] = redis.Redis.from_url(url)
        self.redis = self._clients[url]

    @staticmethod
    def _name(key: str) -> str:
        return f"loive:login:{key}"

    def take(self, rule: Rule) -> bool:
        name = self._name(rule.key)
        count = self.redis.eval(_TAKE, 1, name, int(rule.window.total_seconds() * 1000))
        if count <= rule.limit:
            return True
        if rule.interval is None:
            return False
        # Slowed down: the first caller to set the marker has the place for this interval.
        return bool(self.redis.set(name + ":next", "1", nx=True,
                                   px=int(rule.interval.total_seconds() * 1000)))

    def forget(self, key: str) -> None:
        self.redis.delete(self._name(key))

    def give_back(self, key: str) -> None:
        self.redis.eval(_GIVE_BACK, 1, self._name(key))
