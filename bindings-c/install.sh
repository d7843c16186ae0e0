#!/usr/bin/env bash
# Builds libvirtualmin_remote and installs it under PREFIX:
#   PREFIX/lib/libvirtualmin_remote.{so,a}, PREFIX/lib/pkgconfig/virtualmin_remote.pc,
#   PREFIX/include/virtualmin_remote.h, virtualmin_remote_ffi.h (the flat header for PHP FFI) and
#   virtualmin_remote_preload.h (the same with FFI_SCOPE and FFI_LIB, for PHP's opcache.preload).
#
# usage: bindings-c/install.sh [--debug] [--no-build] PREFIX
#   --debug     install the debug build (the default is release)
#   --no-build  install what was built already
# CARGO_TARGET_DIR is honoured; by default the build goes to target/c of the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
profile=release
build=1
while [[ $# -gt 1 ]]; do
    case "$1" in
        --debug) profile=debug ;;
        --no-build) build=0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
if [[ $# -ne 1 || "$1" == -* ]]; then
    echo "usage: $0 [--debug] [--no-build] PREFIX" >&2
    exit 2
fi
mkdir -p "$1"
prefix="$(cd "$1" && pwd)"
target="${CARGO_TARGET_DIR:-$here/../target/c}"

if [[ $build == 1 ]]; then
    flags=(--locked -p virtualmin-remote-c)
    [[ $profile == release ]] && flags+=(--release)
    (cd "$here" && CARGO_TARGET_DIR="$target" cargo build "${flags[@]}")
fi

version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/Cargo.toml" | head -n 1)"
install -d "$prefix/lib/pkgconfig" "$prefix/include"
install -m 0755 "$target/$profile/libvirtualmin_remote.so" "$prefix/lib/"
install -m 0644 "$target/$profile/libvirtualmin_remote.a" "$prefix/lib/"
install -m 0644 "$here/include/virtualmin_remote.h" "$here/include/virtualmin_remote_ffi.h" \
    "$prefix/include/"
# NB: FFI::load reads exactly these two #define lines and no other preprocessor line.
{
    printf '#define FFI_SCOPE "VIRTUALMIN_REMOTE"\n'
    printf '#define FFI_LIB "%s"\n' "$prefix/lib/libvirtualmin_remote.so"
    cat "$here/include/virtualmin_remote_ffi.h"
} >"$prefix/include/virtualmin_remote_preload.h"
chmod 0644 "$prefix/include/virtualmin_remote_preload.h"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" "$here/virtualmin_remote.pc.in" \
    >"$prefix/lib/pkgconfig/virtualmin_remote.pc"
echo "installed libvirtualmin_remote $version ($profile) under $prefix"
