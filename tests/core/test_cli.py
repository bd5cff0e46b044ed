"""The command line: offline commands run without a secret; anything that serves needs one."""

import os
import subprocess
import sys


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORGBURO_")}
    env["ORGBURO_DATABASE_URL"] = "sqlite:///:memory:"
    return subprocess.run(
        [sys.executable, "-m", "orgburo", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_migrations_check_needs_no_secret() -> None:
    result = _run("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr


def test_serving_without_a_secret_fails_loudly() -> None:
    result = _run("runserver", "127.0.0.1:8099", "--noreload")
    assert result.returncode == 2 and "ORGBURO_SECRET_KEY" in result.stderr
