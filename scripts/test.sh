#!/usr/bin/env bash
# Runs every check and every test of every language: formatting, lints, the Rust suites, the
# Python, Node, C and PHP bindings, then each fuzz target for FUZZ_SECONDS (default 60; 0 skips
# fuzzing). Installs what it needs first. Exits non-zero on the first failure.
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

step "Python binding"
bindings-python/test.sh

step "Node.js binding"
bindings-node/test.sh

step "C library and PHP package"
bindings-c/test.sh

if [ "${FUZZ_SECONDS:-60}" != 0 ]; then
    step "Fuzzing, ${FUZZ_SECONDS:-60} s a target"
    scripts/fuzz.sh
fi
