#!/usr/bin/env bash
# Builds and checks the Node.js binding: installs the npm tools (package-lock.json), checks the
# formatting of the JavaScript, builds the addon in release mode, checks that the committed
# native.d.ts is what the napi CLI generates, type-checks the TypeScript example with
# `tsc --strict`, and runs the `node --test` suites (which also pack the package and install it
# into a fresh project), then the secret scan of the whole run (test/run.sh). Works from any
# directory and in a fresh clone; exits non-zero on the first failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$HERE"

step() { printf '\n==> %s\n' "$*" >&2; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    step "installing Node.js and npm (apt)"
    apt-get update -qq
    apt-get install -y -qq nodejs npm
fi

SERVER="$ROOT/target/debug/virtualmin-remote-testserver"
if [[ ! -x "$SERVER" ]]; then
    step "building the test server"
    (cd "$ROOT" && cargo build --locked -p virtualmin-remote-testserver)
fi
export VMR_TESTSERVER="$SERVER"

# npm ci starts from scratch every time; skip it while node_modules matches the lock file.
lock=node_modules/.package-lock.json
if [[ ! -f $lock || package-lock.json -nt $lock ]]; then
    step "npm ci"
    npm ci --no-audit --no-fund
fi

step "prettier --check (JavaScript and TypeScript, width 100)"
npm run --silent format:check

step "building the addon (release)"
# NB: a target dir of its own, so this build never waits on the lock of the workspace's.
export CARGO_TARGET_DIR="$ROOT/target/node"
npm run build

step "native.d.ts is what the napi CLI generates"
if git -C "$HERE" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$HERE" diff --exit-code -- native.d.ts ||
        { echo "native.d.ts is out of date: commit the regenerated file" >&2; exit 1; }
else
    echo "not a git checkout: drift check skipped" >&2
fi

step "tsc --noEmit --strict on examples/basic.ts"
npm run --silent typecheck

step "node --test, then the secret scan of everything the run showed"
test/run.sh
