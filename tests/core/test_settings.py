"""Production settings refuse to start without their secrets, and pass the deploy check."""

import os
import subprocess
import sys

import pytest

BASE_ENV = {
    k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
}


def run_django(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**BASE_ENV, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "env",
    [{}, {"SECRET_KEY": "x" * 60}, {"ALLOWED_HOSTS": "coproduce.example.org"}],
    ids=["neither", "no-hosts", "no-key"],
)
def test_production_refuses_to_start_without_key_and_hosts(env):
    result = run_django(["check"], **env)
    assert result.returncode != 0
    assert "Coproduce needs SECRET_KEY and ALLOWED_HOSTS in production." in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY="k" * 30 + "S3cr3t-" + "q" * 30,
        ALLOWED_HOSTS="coproduce.example.org",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("minutes", "expected"), [("", "1209600 False"), ("30", "1800 True")], ids=["unset", "30"]
)
def test_session_idle_minutes_signs_people_out_after_that_long_without_a_page(minutes, expected):
    result = run_django(
        [
            "shell",
            "-c",
            "from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST)",
        ],
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="coproduce.example.org",
        SESSION_IDLE_MINUTES=minutes,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
