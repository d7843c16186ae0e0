#!/usr/bin/env bash
# Builds and tests the C library and the PHP package over it:
#   1. installs what is missing (valgrind, pkg-config, php-cli, phpunit through apt);
#   2. builds the test server and runs the crate's Rust tests, which regenerate both headers and
#      fail when the committed ones differ (drift);
#   3. installs the library into a staging prefix with install.sh and builds the C tests and
#      examples against it through pkg-config, with -Wall -Wextra -Werror -std=c11;
#   4. runs the C tests (the fault suite and each binary's closing secret scan among them) under
#      valgrind (no definite leak, no error), then again built with AddressSanitizer and
#      UndefinedBehaviorSanitizer against the static library;
#   5. runs the examples against a seeded test server, under valgrind;
#   6. runs the PHP tests with PHPUnit, the fault suite and the secret scan of the run among them.
# Exits non-zero on the first failure. Paths are relative to this script.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
export CARGO_TARGET_DIR="$root/target/c"
stage="$CARGO_TARGET_DIR/stage"
build="$CARGO_TARGET_DIR/ctests"

step() { printf '\n==> %s\n' "$*" >&2; }

# ---- what the machine needs ---------------------------------------------------------------
missing=()
command -v cc >/dev/null || missing+=(gcc libc6-dev)
command -v valgrind >/dev/null || missing+=(valgrind)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v php >/dev/null || missing+=(php-cli)
command -v phpunit >/dev/null || missing+=(phpunit)
if [[ ${#missing[@]} -gt 0 ]]; then
    step "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ---- Rust: test server, unit tests, header drift ------------------------------------------
step "building the test server"
(cd "$root" && CARGO_TARGET_DIR="$root/target" \
    cargo build -q --locked -p virtualmin-remote-testserver)
export VMR_TESTSERVER="$root/target/debug/virtualmin-remote-testserver"
export VMR_REPO_ROOT="$root"

step "cargo fmt --check and the crate's Rust tests (headers regenerated and compared)"
(cd "$root" && cargo fmt -p virtualmin-remote-c -- --check)
(cd "$root" && cargo test -q --locked -p virtualmin-remote-c)

# ---- C ------------------------------------------------------------------------------------
step "building the library and installing it under $stage"
"$here/install.sh" --debug "$stage"
export PKG_CONFIG_PATH="$stage/lib/pkgconfig"
cflags=(-Wall -Wextra -Werror -std=c11 -g $(pkg-config --cflags virtualmin_remote))
libs=($(pkg-config --libs virtualmin_remote) -Wl,-rpath,"$stage/lib" -lpthread)
static_libs=("$stage/lib/libvirtualmin_remote.a"
    $(pkg-config --static --libs-only-l virtualmin_remote | sed 's/-lvirtualmin_remote//'))

mkdir -p "$build"
tests=(test_abi test_calls test_faults)
examples=(list_domains create_alias)
step "compiling the C tests and examples (-Wall -Wextra -Werror -std=c11)"
for t in "${tests[@]}"; do
    cc "${cflags[@]}" "$here/tests/$t.c" "$here/tests/support.c" "${libs[@]}" -o "$build/$t"
done
for e in "${examples[@]}"; do
    cc "${cflags[@]}" "$here/examples/$e.c" "${libs[@]}" -o "$build/$e"
done

vg=(valgrind -q --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite
    --error-exitcode=99 --suppressions="$here/tests/valgrind.supp")
for t in "${tests[@]}"; do
    step "$t under valgrind"
    "${vg[@]}" "$build/$t"
done

step "the C tests under AddressSanitizer and UndefinedBehaviorSanitizer (static library)"
for t in "${tests[@]}"; do
    cc "${cflags[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer \
        "$here/tests/$t.c" "$here/tests/support.c" "${static_libs[@]}" -o "$build/$t-asan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1 "$build/$t-asan"
done

step "the examples against a seeded test server, under valgrind"
coproc SERVER { exec "$VMR_TESTSERVER" --seed --exit-on-stdin-eof --max-seconds 300; }
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
read -r start_line <&"${SERVER[0]}"
field() { php -r 'echo json_decode($argv[1], true)[$argv[2]];' "$start_line" "$1"; }
export VIRTUALMIN_URL="$(field url)" VIRTUALMIN_USER=root
export VIRTUALMIN_PASSWORD="$(field password)" VIRTUALMIN_FINGERPRINT="$(field fingerprint)"
example_failures=0
expect() { # expect WHAT EXPECTED_STATUS PATTERN -- COMMAND...
    local what=$1 status=$2 pattern=$3 out rc=0
    shift 4
    out="$("$@" 2>&1)" || rc=$?
    if [[ $rc -eq $status && "$out" == *"$pattern"* ]]; then
        echo "ok     $what"
    else
        echo "FAILED $what (exit $rc): $out"
        example_failures=$((example_failures + 1))
    fi
}
expect "list_domains lists the seeded domains" 0 "example.com" -- "${vg[@]}" "$build/list_domains"
expect "create_alias creates an alias with two destinations" 0 "c-example@example.com" -- \
    "${vg[@]}" "$build/create_alias" example.com c-example a@example.net b@example.net
expect "create_alias reports the program's error" 1 "already exists" -- \
    "${vg[@]}" "$build/create_alias" example.com c-example a@example.net
expect "list_domains refuses a wrong password" 1 "Auth error" -- \
    env VIRTUALMIN_PASSWORD=wrong "${vg[@]}" "$build/list_domains"
echo "$(( 4 - example_failures )) passed, $example_failures failed"
[[ $example_failures -eq 0 ]]

# ---- PHP ----------------------------------------------------------------------------------
step "PHPUnit"
cd "$here/php"
VIRTUALMIN_REMOTE_LIB="$stage/lib/libvirtualmin_remote.so" phpunit
