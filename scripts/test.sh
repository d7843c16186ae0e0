#!/usr/bin/env bash
# Runs every check and every test of every language: formatting, lints, then the test suites.
# Installs what it needs first (scripts/setup.sh). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { printf '\n==> %s\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests: core, CLI, test server"
cargo test --locked
