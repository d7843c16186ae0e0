#!/usr/bin/env bash
# Runs every fuzz target of the core for a bounded time (FUZZ_SECONDS each, default 60),
# seeded from the recorded replies in tests/fixtures. Exits non-zero on the first crash.
#
#   scripts/fuzz.sh                  all targets
#   FUZZ_SECONDS=600 scripts/fuzz.sh decode_perl
#
# cargo-fuzz needs unstable compiler flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain, the only
# one on these machines, accept them.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz" >&2
    cargo install --locked cargo-fuzz >&2
fi

corpus=target/fuzz-corpus
mkdir -p "$corpus"
seed() {  # seed TARGET WHOLE|BODY
    local dir="$corpus/$1" file
    mkdir -p "$dir"
    for file in tests/fixtures/virtualmin/*.http; do
        if [ "$2" = whole ]; then
            cp "$file" "$dir/$(basename "$file")"
        else
            # The body follows the first blank line (CRLF CRLF) of a recorded reply.
            python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); i=d.find(b"\r\n\r\n"); sys.stdout.buffer.write(d[i+4:] if i>=0 else d)' \
                "$file" >"$dir/$(basename "$file")"
        fi
    done
}

targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(decode_json decode_text decode_xml decode_perl classify encode)
for target in "${targets[@]}"; do
    case "$target" in
        classify) seed "$target" whole ;;
        encode) mkdir -p "$corpus/$target" ;;
        *) seed "$target" body ;;
    esac
done
cd core
for target in "${targets[@]}"; do
    echo "==> fuzzing $target for ${seconds}s" >&2
    # NB: -rss_limit_mb guards against a decoder that allocates without bound.
    log="../target/fuzz-$target.log"
    if ! cargo fuzz run "$target" "../$corpus/$target" -- -max_total_time="$seconds" \
        -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz: $target crashed; the input is under core/fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done)" "$log" >&2 || true
done
