"""Default configuration. Nothing here reads the environment: create_app layers the rest."""
from datetime import timedelta

# The database file sits in the instance folder; create_app fills in the absolute path.
SQLITE_FILENAME = "loive.sqlite3"

# hide_parameters: a database error is logged without its bound values (hashes, tokens, phones).
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}

# Sessions [SECURITY 5, 7]: secure cookies outside development, idle and absolute lifetimes.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = True
REMEMBER_COOKIE_HTTPONLY = True
# Each login is a row in user_sessions; the server ends it past these limits (the cookie itself
# may live as long as the longest of them).
PERMANENT_SESSION_LIFETIME = timedelta(days=30)
STAFF_SESSION_LIFETIME = timedelta(hours=12)
STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
CANDIDATE_SESSION_LIFETIME = timedelta(days=30)
CANDIDATE_IDLE_TIMEOUT = timedelta(days=7)
# "Last seen" is written at most this often (one write a minute, not one per request).
SESSION_SEEN_EVERY = timedelta(minutes=1)

MAX_CONTENT_LENGTH = 5 * 1024 * 1024

BABEL_DEFAULT_LOCALE = "vi"
BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
LANGUAGES = ("vi", "en")

# A form's CSRF token lasts a working day [SECURITY 16].
WTF_CSRF_TIME_LIMIT = 8 * 3600

# Behind a reverse proxy: how many proxies to trust for the client's address (X-Forwarded-For).
TRUSTED_PROXIES = 0

# Outside development the secret key must be at least this long (bytes).
SECRET_KEY_MIN_BYTES = 32

# Login attempts [SECURITY 3]: counted in the database (or in Redis when REDIS_URL is set, e.g.
# "redis://127.0.0.1:6379/0"), so every worker sees the same figure. Per account *and* address a
# hard limit (429); per address over all accounts a hard limit; per account from every address,
# past LOGIN_SLOW_DOWN_AFTER attempts, one attempt per LOGIN_SLOW_DOWN_INTERVAL (slowed, not locked).
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
LOGIN_MAX_FAILURES_PER_ADDRESS = 30
LOGIN_SLOW_DOWN_AFTER = 10
LOGIN_SLOW_DOWN_INTERVAL = timedelta(seconds=20)
REDIS_URL = None

# Field-level encryption of a person's health notes and street address [SECURITY 24]: 32 random
# bytes in URL-safe base64, kept outside the database (instance/config.py or FLASK_FIELD_KEY).
# Needs the 'cryptography' package (pip install -e '.[encryption]'). None: stored in plain text.
FIELD_KEY = None

# argon2id at the ASVS minimum; about 19 ms a login on two cores [SECURITY 1].
ARGON2_TIME_COST = 2
ARGON2_MEMORY_COST = 19456
ARGON2_PARALLELISM = 1

# Demo accounts exist only when this is on, and only in development [SECURITY 4].
DEMO_MODE = False

# How many trained ranking models to keep under instance/models/.
MODELS_KEPT = 5

PAGE_SIZE = 25

# The version of the consent notice people agree to; stored with every consent decision.
CONSENT_NOTICE_VERSION = "2026-01"

# Who delivers outbox messages (SMS, e-mail, Zalo): a name in services.notifications.SENDERS.
OUTBOX_SENDER = "console"

# Sign-up codes by SMS: sends allowed per number and per address in an hour (counted in the
# database). An office where caseworkers help many people sign up may raise the address figure.
OTP_MAX_SENDS_PER_NUMBER = 3
OTP_MAX_SENDS_PER_ADDRESS = 3
