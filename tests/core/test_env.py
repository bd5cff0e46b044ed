from pathlib import Path

import pytest

from orgburo.env import ConfigError, load_config, parse_bool, parse_database_url

BASE = Path("/srv/orgburo")


def test_production_without_secret_is_an_error() -> None:
    with pytest.raises(ConfigError, match="ORGBURO_SECRET_KEY"):
        load_config({}, BASE)


def test_debug_allows_a_development_secret_and_defaults_to_sqlite() -> None:
    config = load_config({"ORGBURO_DEBUG": "1"}, BASE)
    assert config.debug is True
    assert config.database["ENGINE"] == "django.db.backends.sqlite3"
    assert config.database["NAME"] == str(BASE / "var" / "orgburo.sqlite3")
    assert "journal_mode=WAL" in config.database["OPTIONS"]["init_command"]


def test_postgres_url_is_parsed() -> None:
    config = parse_database_url("X", "postgres://u:p@db.example:5433/org", BASE)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "org",
        "u",
    )


@pytest.mark.parametrize("raw", ["mysql://x/y", "sqlite://", "nonsense"])
def test_bad_database_urls_name_the_variable(raw: str) -> None:
    with pytest.raises(ConfigError, match="ORGBURO_DATABASE_URL"):
        load_config({"ORGBURO_DEBUG": "1", "ORGBURO_DATABASE_URL": raw}, BASE)


def test_relative_sqlite_path_is_under_the_base() -> None:
    # As in dj-database-url: three slashes and a relative path, four for an absolute one.
    assert parse_database_url("X", "sqlite:////data/o.db", BASE)["NAME"] == "/data/o.db"
    assert parse_database_url("X", "sqlite:///data/o.db", BASE)["NAME"] == str(BASE / "data/o.db")


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_booleans(raw: str, value: bool) -> None:
    assert parse_bool("V", raw) is value


def test_a_misspelt_boolean_is_an_error_not_false() -> None:
    with pytest.raises(ConfigError, match="ORGBURO_DEBUG"):
        load_config({"ORGBURO_DEBUG": "ture"}, BASE)


def test_today_must_be_a_date() -> None:
    assert (
        str(load_config({"ORGBURO_DEBUG": "1", "ORGBURO_TODAY": "1923-12-02"}, BASE).today)
        == "1923-12-02"
    )
    with pytest.raises(ConfigError, match="ORGBURO_TODAY"):
        load_config({"ORGBURO_DEBUG": "1", "ORGBURO_TODAY": "2.12.1923"}, BASE)


def test_mail_goes_to_the_console_unless_a_server_is_named() -> None:
    config = load_config({"ORGBURO_DEBUG": "1"}, BASE)
    assert config.email["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = load_config(
        {"ORGBURO_DEBUG": "1", "ORGBURO_EMAIL_HOST": "mail.example", "ORGBURO_EMAIL_PORT": "465"},
        BASE,
    ).email
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == (
        "mail.example",
        465,
        True,
    )


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("ORGBURO_EMAIL_PORT", "smtp"),
        ("ORGBURO_EMAIL_TLS", "maybe"),
        ("ORGBURO_BASE_URL", "site.example"),
    ],
)
def test_bad_mail_and_address_settings_name_the_variable(name: str, raw: str) -> None:
    environ = {"ORGBURO_DEBUG": "1", "ORGBURO_EMAIL_HOST": "mail.example", name: raw}
    with pytest.raises(ConfigError, match=name):
        load_config(environ, BASE)
