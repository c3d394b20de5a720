"""Browser tests fail, not skip, when CI is set and chromium is missing."""

import os
import subprocess
import sys

from tests.test_settings import PROJECT_ROOT

BROWSER_TEST = "tests/browser/test_exit_this_page.py"


def collect(**env):
    clean = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", BROWSER_TEST, "-q", "-p", "no:randomly", "-rs",
         "--co"],
        cwd=PROJECT_ROOT, env={**clean, "MARAC_CHROMIUM": "/nonexistent/chromium", **env},
        capture_output=True, text=True, check=False, timeout=300)


def test_ci_without_chromium_fails_the_run():
    result = collect(CI="true")
    assert result.returncode != 0
    assert "CI is set and /nonexistent/chromium is not installed" in result.stdout + result.stderr


def test_a_workstation_without_chromium_skips_with_the_reason():
    result = collect()
    assert result.returncode == 0, result.stdout + result.stderr
