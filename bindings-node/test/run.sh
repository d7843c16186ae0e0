#!/usr/bin/env bash
# Runs every suite of test/ with the collector (test/collect.js) preloaded into each Node process
# of the run, then the secret scan of all it collected (test/scan/). Used by test.sh and
# `npm test`; needs the built addon and the test server. Exits non-zero if either part fails.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"

VMR_COLLECT_DIR="$(mktemp -d "${TMPDIR:-/tmp}/vmr-node-collect-XXXXXX")"
export VMR_COLLECT_DIR
trap 'rm -rf "$VMR_COLLECT_DIR"' EXIT

# NB: calls run on libuv's thread pool, whose default of 4 threads would queue the fifth of the
# concurrent calls the tests make; libuv reads this when the pool starts.
UV_THREADPOOL_SIZE=16 NODE_OPTIONS="${NODE_OPTIONS:-} --require $HERE/test/collect.js" \
    node --test test/*.test.js

node --test test/scan/*.test.js
