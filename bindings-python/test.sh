#!/usr/bin/env bash
# Builds and tests the Python binding: a venv in bindings-python/.venv, the package installed
# from this directory with pip (maturin as the build backend), then pytest against the test
# server, mypy --strict on the examples, and mypy's stubtest of the stubs against the module.
# Paths are relative to this script, so it works in a fresh clone anywhere.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

step() { printf '\n==> %s\n' "$*" >&2; }

# The binding builds in a target dir of its own, so that maturin's builds (another profile,
# pyo3's build config) neither wait for nor invalidate the workspace's.
export CARGO_TARGET_DIR="${VMR_PYTHON_TARGET_DIR:-$repo/target/python}"

step "test server and CLI (in the default target dir, where the tests look for them)"
# The tests compare results with what the CLI prints; VMR_TESTSERVER and VMR_CLI point them at
# binaries built elsewhere.
packages=()
[[ -n "${VMR_TESTSERVER:-}" ]] || packages+=(-p virtualmin-remote-testserver)
[[ -n "${VMR_CLI:-}" ]] || packages+=(-p virtualmin-remote-cli)
if ((${#packages[@]})); then
    (cd "$repo" && CARGO_TARGET_DIR="$repo/target" cargo build -q "${packages[@]}")
fi

step "venv $venv"
if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
# The build backend runs the `maturin` executable, so the venv's bin goes first on PATH.
export PATH="$venv/bin:$PATH"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade \
    "maturin>=1.16,<2" "pytest>=8" pytest-timeout "mypy>=1.10" "ruff>=0.5"

step "pip install ./bindings-python (release build of the extension)"
# NB: maturin is already in the venv, so pip need not fetch it again into an isolated
# build environment; the package is still built by the PEP 517 backend, as users get it.
(cd "$repo" && "$venv/bin/python" -m pip install -q --disable-pip-version-check \
    --no-build-isolation --force-reinstall --no-deps ./bindings-python)

step "ruff (lint and format, settings in pyproject.toml)"
(cd "$here" && "$venv/bin/ruff" check -q python tests examples \
    && "$venv/bin/ruff" format -q --check python tests examples)

step "pytest"
(cd "$here" && "$venv/bin/python" -m pytest -q -p no:cacheprovider tests)

step "mypy --strict examples/"
(cd "$here" && "$venv/bin/python" -m mypy --strict --no-incremental examples/)

step "stubtest"
(cd "$here" && "$venv/bin/python" -m mypy.stubtest virtualmin_remote \
    --allowlist stubtest-allowlist.txt)
