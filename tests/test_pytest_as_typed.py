"""`pytest` works as typed from the repository root, not only through make: the pure cores' tests need no setup."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pytest_runs_the_pure_cores_tests_as_typed_from_the_root():
    pytest = shutil.which("pytest", path=str(Path(sys.executable).parent)) or shutil.which("pytest")
    assert pytest, "pytest is installed beside the interpreter running the suite"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([pytest, "tests/rules/test_stages.py", "-q", "-p", "no:cacheprovider"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed" in done.stdout
