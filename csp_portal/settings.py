"""Settings for CSP Portal, read from the environment.

Development works with no environment at all (SQLite in the project folder, DEBUG on).
Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from import_export.formats.base_formats import CSV, XLSX

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    # A typo such as DEBUG=ture must not silently leave debug pages on in production.
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_KEY_MAKER_COMMAND = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def weak_secret_key(key: str) -> bool:
    """Django's own deployment check's measure: a key anyone could guess signs sessions and
    password-reset links that anyone could forge."""
    return len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and not SECRET_KEY:
    raise ImproperlyConfigured(
        f"SECRET_KEY must be set when DEBUG is off. Make one with: {_KEY_MAKER_COMMAND}"
    )
if not DEBUG and weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is too easy to guess: it needs at least 50 characters, at least 5 of "
        f"them different, such as the random one this prints: {_KEY_MAKER_COMMAND}"
    )
if not SECRET_KEY:
    SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "csp",
    "axes",
    "accounts",
    "datastore",
    "partners",
    "actionplan",
    "performance",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.SessionSecurityMiddleware",
    "accounts.known_browsers.KnownBrowserMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Sign-in pages say themselves that an account is locked (accounts.signin).
    "axes.middleware.AxesMiddleware",
]

# Backups write times to the microsecond (Django's JSON stops at the millisecond).
SERIALIZATION_MODULES = {"json-precise": "datastore.precise_json"}

ROOT_URLCONF = "csp_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.sessions.session_timeout",
            ],
        },
    },
]

WSGI_APPLICATION = "csp_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write to one file. A transaction takes the write lock when it
    # begins (IMMEDIATE), so one that read first cannot be refused "database is locked" when
    # it comes to write; the others wait up to SQLITE_TIMEOUT seconds for their turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=int(os.environ.get("SQLITE_TIMEOUT", "20")),
    )

# Nothing the portal needs to share between server processes lives in the cache: sign-in
# and password-reset counts are in the database. CACHE_TABLE is kept for those who set it.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": os.environ["CACHE_TABLE"],
        }
        if os.environ.get("CACHE_TABLE")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The figures page posts every figure of a plan at once: seven fields a measure, two a
# narrative figure. Django's default of 1,000 would refuse a plan of about 130 measures.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Every typed text has a limit (web/text_limits.py), so a form within them is never refused
# whole. The largest page, the seed plan in the admin with every narrative and review text at
# its limit, is about 140,000 characters: 1.3 MB as a browser sends typographic quotes and
# dashes (nine bytes each). 10 MB leaves room for a plan with several times the seed's
# sections and targets, and for a text far over its limit to be refused at its field, kept.
# A form beyond it gets the "too large to send" page (web/errors.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The seed plan and demo data live at the project's top level, not inside one app.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in throttling (django-axes; accounts/signin.py) ---------------------------------
# Failures are counted in the database, so every server process counts together, per
# account (its username as the username field reads it, casefolded). The lock lasts
# LOGIN_LOCKOUT_SECONDS from the failure that set it; attempts while locked neither get a
# password check nor extend it. A browser that has signed in as the account before is not
# held by its lock (accounts.known_browsers). An address is never locked: after
# LOGIN_ADDRESS_FREE_FAILURES failures at any accounts, each attempt from it waits twice as
# long as the last, up to LOGIN_ADDRESS_MOST_WAIT_SECONDS (accounts.address_pace).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
LOGIN_ADDRESS_FREE_FAILURES = int(os.environ.get("LOGIN_ADDRESS_FREE_FAILURES", "10"))
LOGIN_ADDRESS_MOST_WAIT_SECONDS = int(os.environ.get("LOGIN_ADDRESS_MOST_WAIT_SECONDS", "60"))
AUTHENTICATION_BACKENDS = [
    "accounts.signin.SignInLockBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes warns when the address is not among the lock's parameters. It is left out on purpose:
# a lock on an address locks out everyone behind it; accounts.address_pace slows it instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_FAILURE_LIMIT = "accounts.limits.failure_limit"
AXES_COOLOFF_TIME = "accounts.limits.lockout_period"
AXES_WHITELIST_CALLABLE = "accounts.signin.from_known_browser"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success clears the account's own failures only (accounts.signin.forget_failures).
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "accounts.signin.username_of_attempt"
AXES_CLIENT_IP_CALLABLE = "accounts.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.signin.lockout_response"
# The security log (accounts.security_log, accounts.signin) records failures and locks in
# the portal's words; axes' own lines would repeat them, and announce axes on every command.
AXES_VERBOSE = False
# Locks last 15 minutes and lift themselves; the IT team can lift one early with
# `manage.py axes_reset_username <username>`. Axes' own admin pages are not offered: they
# show raw sign-in records to whoever may see the admin, and are not made accessible.
AXES_ENABLE_ADMIN = False
# Axes keeps the posted form of each failure: never the passwords of a password change.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "old_password",
    "new_password1",
    "new_password2",
]
# The reverse proxies (addresses or networks) whose X-Forwarded-For names the visitor.
# From anyone else the header is the visitor's own claim, and ignored. None by default.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Password reset: at most so many e-mails per e-mail address, and requests per client, in
# PASSWORD_RESET_LIMIT_SECONDS.
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "3"))
PASSWORD_RESET_LIMIT_PER_CLIENT = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_CLIENT", "10"))
PASSWORD_RESET_LIMIT_SECONDS = int(os.environ.get("PASSWORD_RESET_LIMIT_SECONDS", "3600"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Spreadsheets only: django-import-export also offers YAML and HTML by default.
IMPORT_EXPORT_FORMATS = [CSV, XLSX]
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Who may import and export at all is the access policy's answer; the spreadsheets package
# sits below the app that holds it, so it is named here (spreadsheets/access.py).
SPREADSHEET_POLICY = "actionplan.policy.may"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# --- Security -------------------------------------------------------------------------
# Every response carries a Content Security Policy with no inline script. Styles may be
# inline because Django's admin sets some style attributes; scripts never.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Sessions end 12 hours after signing in however busy they are, and after 30 minutes idle
# (accounts.sessions).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 60 * 60)))
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))

if not DEBUG:
    # Production sits behind HTTPS: cookies only over it, and browsers told to insist on it.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # The TLS terminator in front of gunicorn says the request came over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging ------------------------------------------------------------------------------
# To standard error, where gunicorn or the service manager collects it. Security events
# (sign-ins, failures, refusals) go to csp_portal.security; server errors with their
# reference to csp_portal.errors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own copy of a 500 is replaced by ours, which carries the reference.
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint narrates every step of a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Two-step sign-in (accounts/two_step) ---------------------------------------------------
# After the password, a code from an authenticator app (TOTP) or a single-use backup code.
# Who must use it is the access policy's answer (staff always; partner users when their
# organisation requires it or they turned it on); the sign-in package sits below the policy,
# so it is named here. The second step's middleware comes after every other, so it composes
# with whatever the password step and the session limits do.
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts.two_step",
]
MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_step.middleware.SecondStepMiddleware",
]
TWO_STEP_REQUIRED = "actionplan.policy.two_step_required"
OTP_TOTP_ISSUER = "CSP Portal"
# Wrong codes slow further tries down: 1, 2, 4, 8 ... seconds after each one in a row.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Development only: demo users without a phone sign in with their password alone. Ignored
# unless DEBUG is on, and start-up is refused if it is asked for with DEBUG off.
TWO_STEP_DEMO_BYPASS = env_bool("TWO_STEP_DEMO_BYPASS", DEBUG)
if TWO_STEP_DEMO_BYPASS and not DEBUG:
    raise ImproperlyConfigured(
        "TWO_STEP_DEMO_BYPASS lets staff in without their second step: it is for development "
        "only and cannot be set with DEBUG off."
    )
