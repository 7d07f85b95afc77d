"""`make run` on another address: the server and the e-mail links follow HOST and PORT."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_exports_site_url_for_host_and_port() -> None:
    # PY stands in for the virtualenv's Python: each command prints SITE_URL and its arguments.
    probe = (
        f"{sys.executable} -c 'import os, sys; print(os.environ.get(\"SITE_URL\"), *sys.argv[1:])'"
    )
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        ["make", "-s", "run", "PORT=8123", "HOST=10.0.0.5", f"PY={probe}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "http://10.0.0.5:8123 manage.py runserver 10.0.0.5:8123" in lines
    assert "http://10.0.0.5:8123 manage.py load_demo" in lines
    assert (
        "thidua: http://10.0.0.5:8123/  (Ctrl+C to stop; make reset-demo to start afresh)" in lines
    )


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_check_system_passes_here_and_names_the_install_line() -> None:
    result = subprocess.run(
        ["make", "-s", "check-system"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    makefile = (ROOT / "Makefile").read_text()
    assert "sudo apt-get install $(SYSTEM_PACKAGES) nodejs npm" in makefile
