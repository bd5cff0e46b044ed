"""Django settings: everything comes from ORGBURO_* variables through orgburo.env."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from orgburo.env import current_config

PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG = current_config()

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
DATABASES = {"default": CONFIG.database}
if CONFIG.database["ENGINE"].endswith("sqlite3") and CONFIG.database["NAME"] != ":memory:":
    Path(CONFIG.database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ORGBURO_STATUTE = CONFIG.statute
ORGBURO_DATA_DIR = CONFIG.data_dir
# The organisation's calendar: a historical installation (the 1923 demo) lives on a fixed date.
ORGBURO_TODAY = CONFIG.today
ORGBURO_BASE_URL = CONFIG.base_url
ORGBURO_AUDIT_KEY = CONFIG.audit_key
# Mail (invitations, password resets): the console unless ORGBURO_EMAIL_HOST is set.
EMAIL_BACKEND = CONFIG.email["EMAIL_BACKEND"]
DEFAULT_FROM_EMAIL = CONFIG.email["DEFAULT_FROM_EMAIL"]
EMAIL_HOST = CONFIG.email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = CONFIG.email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = CONFIG.email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = CONFIG.email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = CONFIG.email.get("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = CONFIG.email.get("EMAIL_TIMEOUT")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",  # its `clearsessions` command, which ends expired sessions
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for the form renderer below
    "django_htmx",
    "ninja",  # its own copy of Swagger UI for /api/docs, so the page loads nothing from a CDN
    "treebeard",
    "orgburo.core",
    "orgburo.register",
    "orgburo.elections",
    "orgburo.line",
    "orgburo.reports",
    "orgburo.assignments",
    "orgburo.directives",
    "orgburo.programmes",
    "orgburo.absence",
    "orgburo.meetings",
    "orgburo.enterprises",
    "orgburo.conferences",
    "orgburo.deliberation",
    "orgburo.cadres",
    "orgburo.access",
    "django_q",
    "axes",
    # Two-factor sign-in: django-otp's authenticator-app codes (TOTP); the recovery codes are
    # orgburo.access's own device, which keeps only their digests.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "orgburo.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a body: the API's JSON only, and a size limit per route.
    "orgburo.core.middleware.BodyGuard",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session.
    "django_otp.middleware.OTPMiddleware",
    # Officers whom the statute's [access] two_factor_levels names set one up before anything else.
    "orgburo.access.middleware.TwoFactorRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# django-axes first: it refuses a locked-out account or address before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# A ballot file the count may take as JSON text (up to 50 MB); every other route keeps 2.5 MiB
# (orgburo.core.middleware.BodyGuard answers 413 above it).
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

ROOT_URLCONF = "orgburo.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orgburo.core.context.orgburo",
            ],
        },
    },
]
# Widgets render with the site's own templates, so a widget of ours (core/_picker.html) lives
# beside the other templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "orgburo.wsgi.application"

# Argon2 first: memory-hard, the current OWASP recommendation; the others verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "access:login"

# The name an authenticator app shows beside the account's codes.
OTP_TOTP_ISSUER = "orgburo"

# Failed sign-ins (django-axes): after a few, the next try must wait (orgburo.access.signin,
# growing waits); at AXES_FAILURE_LIMIT the account, or the address, is locked for an hour or
# until an officer unlocks it. Successful sign-ins are not logged; failures keep the user
# name and address tried, never the password.
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = dt.timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # tries while locked do not prolong it
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "access/locked.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = CONFIG.time_zone

STATIC_URL = "static/"
STATIC_ROOT = CONFIG.data_dir / "static"

# Database sessions that know their user, so a user can see and end their other sessions.
SESSION_ENGINE = "orgburo.access.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
# Cookies only over HTTPS, unless ORGBURO_HTTPS=0 (a server on loopback, e.g. for benchmarks).
SESSION_COOKIE_SECURE = CONFIG.https
CSRF_COOKIE_SECURE = CONFIG.https
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Over HTTPS (ORGBURO_HTTPS=1, the production default): plain HTTP is redirected, browsers are
# told to use HTTPS only for a year (HSTS), and the proxy's X-Forwarded-Proto says which scheme
# the client used (TLS ends at the proxy: docs/operations.md).
SECURE_SSL_REDIRECT = CONFIG.https
SECURE_HSTS_SECONDS = 31_536_000 if CONFIG.https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = CONFIG.https
SECURE_HSTS_PRELOAD = CONFIG.https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if CONFIG.https else None

# Content-Security-Policy on every page (django-csp): scripts, styles, images and connections
# from this site only; no inline script anywhere (htmx and Swagger UI load as files). Styles
# allow inline attributes, which the server-drawn charts' legends use; no frame may embed us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Background tasks (the audit on the statute's schedule): django-q2 with its ORM broker, so
# tasks queue in the same database and no other server is needed; `orgburo qcluster` runs
# the worker. One worker: a full audit is one long task, and the machine serves requests too.
Q_CLUSTER = {
    "name": "orgburo",
    "orm": "default",
    "workers": 1,
    "timeout": 3600,
    "retry": 4000,
    "max_attempts": 1,
    "catch_up": False,
    "save_limit": 200,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Request bodies and personal data are never logged: only the path and the status.
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "orgburo": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # django-axes writes the user name and address of each failure: kept out of the logs.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
