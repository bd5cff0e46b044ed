"""Parse orgburo's settings from ORGBURO_* environment variables, failing loudly.

Kept free of Django so it can be tested alone and used by the CLI before Django loads.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import dj_database_url


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def parse_bool(name: str, raw: str) -> bool:
    """Read a yes/no variable; anything else is an error rather than a silent False."""
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}: expected one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def parse_database_url(name: str, raw: str, base_dir: Path) -> dict[str, Any]:
    """Turn sqlite:///path or postgres://... into a Django DATABASES entry."""
    if not raw.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigError(f"{name}: must start with sqlite:/// or postgres://; got {raw!r}")
    if raw.startswith("sqlite://"):
        path = raw.removeprefix("sqlite://").removeprefix("/")
        if not path:
            raise ConfigError(f"{name}: sqlite URL has no file path")
        if path != ":memory:" and not Path(path).is_absolute():
            path = str(base_dir / path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            # Tests get a file of their own next to it (Django's default is a shared in-memory
            # database, whose table locks would make concurrency tests test the wrong thing).
            "TEST": {"NAME": None if path == ":memory:" else f"{path}.test"},
            # Keep a worker's connection between requests, as for PostgreSQL: opening one
            # and running the PRAGMAs below costs more than a vote's own statements.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE makes a
                # writing transaction take the lock at BEGIN, so two writers queue
                # instead of failing half-way with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    config: dict[str, Any] = dict(dj_database_url.parse(raw, conn_max_age=60))
    config["ENGINE"] = "django.db.backends.postgresql"
    return config


def parse_email(environ: Mapping[str, str]) -> dict[str, Any]:
    """Mail goes to the console unless ORGBURO_EMAIL_HOST names an SMTP server."""
    sender = environ.get("ORGBURO_EMAIL_FROM", "orgburo@localhost")
    host = environ.get("ORGBURO_EMAIL_HOST", "")
    if not host:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "DEFAULT_FROM_EMAIL": sender,
        }
    port_raw = environ.get("ORGBURO_EMAIL_PORT", "587")
    if not (port_raw.isascii() and port_raw.isdecimal()) or not 0 < int(port_raw) < 65536:
        raise ConfigError(f"ORGBURO_EMAIL_PORT: expected a port number; got {port_raw!r}")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": int(port_raw),
        "EMAIL_HOST_USER": environ.get("ORGBURO_EMAIL_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("ORGBURO_EMAIL_PASSWORD", ""),
        "EMAIL_USE_TLS": parse_bool("ORGBURO_EMAIL_TLS", environ.get("ORGBURO_EMAIL_TLS", "1")),
        "EMAIL_TIMEOUT": 20,
        "DEFAULT_FROM_EMAIL": sender,
    }


@dataclass(frozen=True)
class Config:
    """Everything settings.py needs, already parsed and checked."""

    debug: bool
    secret_key: str
    database: dict[str, Any]
    allowed_hosts: list[str]
    statute: str
    data_dir: Path
    time_zone: str
    today: date | None
    https: bool
    base_url: str  # where users reach the site: links in mail, slips and the CLI's output
    audit_key: bytes  # keys the audit log's chain; kept outside the database
    email: dict[str, Any]  # Django's EMAIL_* settings


def load_config(environ: Mapping[str, str], base_dir: Path) -> Config:
    """Build the configuration; in production (DEBUG off) a missing secret is an error."""
    debug = parse_bool("ORGBURO_DEBUG", environ.get("ORGBURO_DEBUG", "0"))
    data_dir = Path(environ.get("ORGBURO_DATA_DIR", str(base_dir / "var")))
    secret = environ.get("ORGBURO_SECRET_KEY", "")
    if not secret:
        if not debug:
            raise ConfigError(
                "ORGBURO_SECRET_KEY is not set; set it (50+ random characters) "
                "or set ORGBURO_DEBUG=1 for a development machine"
            )
        secret = "development-only-not-secret"  # noqa: S105 - only reachable with DEBUG on
    db_url = environ.get("ORGBURO_DATABASE_URL", f"sqlite:///{data_dir / 'orgburo.sqlite3'}")
    hosts_raw = environ.get("ORGBURO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    hosts = [h.strip() for h in hosts_raw.split(",") if h.strip()]
    if not hosts:
        raise ConfigError("ORGBURO_ALLOWED_HOSTS: empty; give at least one host name")
    today_raw = environ.get("ORGBURO_TODAY", "")
    try:
        today = date.fromisoformat(today_raw) if today_raw else None
    except ValueError as exc:
        raise ConfigError(f"ORGBURO_TODAY: expected a date YYYY-MM-DD; got {today_raw!r}") from exc
    https = parse_bool("ORGBURO_HTTPS", environ.get("ORGBURO_HTTPS", "0" if debug else "1"))
    audit_key = environ.get("ORGBURO_AUDIT_KEY", "")
    if not audit_key:
        if not debug:
            raise ConfigError(
                "ORGBURO_AUDIT_KEY is not set; set it (32+ random characters, kept outside the "
                "database and backed up apart from it: it keys the audit log's chain)"
            )
        audit_key = "development-only-audit-key"
    elif len(audit_key) < 32:
        raise ConfigError("ORGBURO_AUDIT_KEY: at least 32 characters")
    base_url = environ.get("ORGBURO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"ORGBURO_BASE_URL: must start with http:// or https://; got {base_url!r}"
        )
    return Config(
        audit_key=audit_key.encode(),
        base_url=base_url,
        email=parse_email(environ),
        https=https,
        today=today,
        debug=debug,
        secret_key=secret,
        database=parse_database_url("ORGBURO_DATABASE_URL", db_url, base_dir),
        allowed_hosts=hosts,
        statute=environ.get("ORGBURO_STATUTE", "rcp-1923"),
        data_dir=data_dir,
        time_zone=environ.get("ORGBURO_TIME_ZONE", "UTC"),
    )


def current_config() -> Config:
    """The configuration of this process (read from os.environ)."""
    return load_config(os.environ, Path.cwd())
