"""Headers on every page, and production settings that `check --deploy` finds clean."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.conftest import World


def test_every_page_has_a_content_security_policy_without_inline_scripts(world: World) -> None:
    for client, url in [
        (Client(), "/login/"),
        (world.client("unit_secretary"), f"/org/{world.orgs['A'].pk}/"),
        (world.client("member"), f"/person/{world.persons['member'].pk}/"),
    ]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
        assert "frame-ancestors 'none'" in policy
        assert "<script>" not in response.content.decode()  # every script is a file


@pytest.mark.pure
def test_production_settings_pass_check_deploy(tmp_path: object) -> None:
    # A deployment's environment: none of the tests' settings (the browser tests' async switch
    # included), only what production sets.
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ORGBURO_", "DJANGO_ALLOW_ASYNC"))
    } | {
        "ORGBURO_DEBUG": "0",
        "ORGBURO_SECRET_KEY": "a-production-like-secret-" + "k3y" * 20,
        "ORGBURO_AUDIT_KEY": "a-production-like-audit-key-" + "x" * 20,
        "ORGBURO_DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
        "ORGBURO_ALLOWED_HOSTS": "orgburo.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-m", "orgburo", "check", "--deploy", "--fail-level", "WARNING"],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
