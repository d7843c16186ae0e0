#!/usr/bin/env bash
# The CLI against the bundled test server: starts it, runs a few calls, stops it.
#
#   scripts/demo.sh                      the tour below
#   scripts/demo.sh list-users --domain example.com --multiline
#                                        one command of your own against the test server
#
# Against a real server, use the CLI directly:
#   target/debug/virtualmin-remote fingerprint https://vm.example.net:10000
#   VIRTUALMIN_PASSWORD=... target/debug/virtualmin-remote --server https://vm.example.net:10000 \
#       --fingerprint AA:BB:... list-domains --multiline
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --quiet --locked -p virtualmin-remote-cli -p virtualmin-remote-testserver

cli=target/debug/virtualmin-remote
# The server stops by itself when this script's end of the pipe closes, or after ten minutes.
coproc SERVER { exec target/debug/virtualmin-remote-testserver --seed --exit-on-stdin-eof --max-seconds 600; }
trap 'exec {SERVER[1]}>&-; wait "$SERVER_PID" 2>/dev/null || true' EXIT
read -r line <&"${SERVER[0]}"

field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$line"; }
url=$(field url)
fingerprint=$(field fingerprint)
export VIRTUALMIN_PASSWORD
VIRTUALMIN_PASSWORD=$(field password)
vm() {
    printf '\n$ virtualmin-remote %s\n' "$*" >&2
    "$cli" --server "$url" --fingerprint "$fingerprint" "$@"
}

echo "test server at $url, certificate $fingerprint" >&2
if [ "$#" -gt 0 ]; then
    vm "$@"
    exit
fi

vm --output text list-users --domain example.com
vm list-domains --name-only
vm create-alias --domain example.com --from team --to alice@example.com --to bob@example.com
vm --output text list-aliases --domain example.com --multiline
vm --dry-run create-user --domain example.com --user erin --pass 'S3cret!' --real 'Erin Example'
vm create-alias --domain nosuch.example --from x --to y@example.com || echo "(exit code $?: the program failed)" >&2
"$cli" fingerprint "$url"
