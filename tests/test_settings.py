"""Production settings refuse to start without their environment, and pass `check --deploy`."""

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def required_env() -> list[str]:
    """REQUIRED_ENV from production.py, read without importing it (importing would raise here)."""
    tree = ast.parse((PROJECT_ROOT / "site" / "settings" / "production.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "REQUIRED_ENV":
            return ast.literal_eval(node.value)
    raise AssertionError("production.py has no REQUIRED_ENV list")


REQUIRED_ENV = required_env()
SETUP_PRODUCTION = (
    "import django, os; "
    "os.environ['DJANGO_SETTINGS_MODULE'] = 'marac_site.settings.production'; "
    "django.setup()"
)


def production_env(tmp_path: Path) -> dict[str, str]:
    """A complete production environment with throwaway secrets and a local SQLite file."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "ALLOWED_HOSTS": "marac.example.org",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "LOOKUP_HASH_KEY": secrets.token_urlsafe(32),
        "RECAPTCHA_PUBLIC_KEY": "site-key-for-the-check",
        "RECAPTCHA_PRIVATE_KEY": "secret-key-for-the-check",
        "EMAIL_HOST": "smtp.example.org",
        "DEFAULT_FROM_EMAIL": "marac-noreply@example.org",
        "WAGTAILADMIN_BASE_URL": "https://marac.example.org",
        "MARAC_NOTIFY_EMAIL": "marac-secure@coordinators.marac.test",
        "TRUSTED_PROXY_COUNT": "2",
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_required_variable_is_listed():
    assert set(REQUIRED_ENV) >= {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}


def test_production_settings_start_with_everything_set(tmp_path):
    result = run(["-c", SETUP_PRODUCTION], production_env(tmp_path))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", REQUIRED_ENV)
def test_production_settings_refuse_to_start_without(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]
    result = run(["-c", SETUP_PRODUCTION], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_a_blank_variable_counts_as_missing(tmp_path, missing):
    env = production_env(tmp_path)
    env[missing] = "   "
    result = run(["-c", SETUP_PRODUCTION], env)
    assert result.returncode != 0
    assert missing in result.stderr.strip().splitlines()[-1]


def test_check_deploy_reports_no_issues(tmp_path):
    result = run(
        [
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=marac_site.settings.production",
        ],
        production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("address", ["marac.secure@example.org", "team@mail.example.com",
                                     "x@example.net"])
def test_production_refuses_to_notify_a_placeholder_address(tmp_path, address):
    env = {**production_env(tmp_path), "MARAC_NOTIFY_EMAIL": address}
    result = run(["-c", SETUP_PRODUCTION], env)
    assert result.returncode != 0
    assert "MARAC_NOTIFY_EMAIL is a placeholder" in result.stderr.strip().splitlines()[-1]
