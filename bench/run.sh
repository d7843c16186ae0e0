#!/usr/bin/env bash
# Runs the benchmarks and rewrites BENCHMARKS.md and BENCHMARKS.png at the repository root.
#
#   bench/run.sh                 everything (about five minutes on 2 cores, plus first builds)
#   bench/run.sh --quick         a fast, small run to try the harness (numbers not meaningful)
#   bench/run.sh --only decode   one or more sections: percall,decode,memory,concurrency,resumption
#
# Only a full run rewrites the files at the root; --quick and --only write
# target/bench/BENCHMARKS.md (and .png) instead.
#
# Installs what is missing (wget, curl, php-cli, php-curl through apt; requests, matplotlib and
# maturin in bench/.venv), builds in release mode into target/bench and target/bench-python
# (reused when present), then hands over to bench/run.py. A binding that does not build has its
# rows marked "not available: <why>"; numbers never fail the run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

step() { printf '==> %s\n' "$*" >&2; }

missing=()
command -v wget >/dev/null || missing+=(wget)
command -v curl >/dev/null || missing+=(curl)
command -v cc >/dev/null || missing+=(gcc libc6-dev)
command -v php >/dev/null || missing+=(php-cli)
if command -v php >/dev/null && ! php -m | grep -qx curl; then missing+=(php-curl); fi
command -v node >/dev/null || missing+=(nodejs)
if [[ ${#missing[@]} -gt 0 ]]; then
    step "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -x "$venv/bin/python" ]]; then
    step "venv $venv"
    "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import requests, matplotlib, maturin' 2>/dev/null; then
    step "pip install requests matplotlib maturin (bench/.venv)"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check \
        "requests>=2.31" "matplotlib>=3.8" "maturin>=1.16,<2"
fi

exec "$venv/bin/python" "$here/run.py" "$@"
