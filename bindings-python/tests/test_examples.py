"""The example scripts and the README's code run against the test server as they are written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict

import pytest

from conftest import BINDING_DIR, TestServer

EXAMPLES = sorted((BINDING_DIR / "examples").glob("*.py"))
#: The servers and pins the README's examples name; each stands for the test server.
README_URLS = ["https://vm.example.net:10000", "https://vm2.example.net:10000"]
README_PIN = ":".join(["9F", "86", "D0", "81"] + ["00"] * 28)
README_PINS = [README_PIN, ":".join(["3B", "9F", "5C", "27"] + ["00"] * 28)]


def environment(server: TestServer) -> Dict[str, str]:
    return {
        **os.environ,
        "VIRTUALMIN_URL": server.url,
        "VIRTUALMIN_USER": "root",
        "VIRTUALMIN_PASSWORD": server.password,
        "VIRTUALMIN_FINGERPRINT": server.fingerprint,
    }


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs_against_the_test_server(fresh: TestServer, script: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script)],
        env=environment(fresh),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert fresh.password not in done.stdout + done.stderr


def test_readme_python_blocks_run_against_the_test_server(fresh: TestServer) -> None:
    readme = (BINDING_DIR / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README has no python examples"
    assert README_PIN in readme
    for block in blocks:
        code = block
        for stand_in in README_URLS:
            code = code.replace(stand_in, fresh.url)
        for stand_in in README_PINS:
            code = code.replace(stand_in, fresh.fingerprint)
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=environment(fresh),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"{block}\n---\n{done.stderr}"
