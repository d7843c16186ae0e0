"""Counts the virtual servers of several Virtualmin servers at once, printing each server's
answer as it comes in, then a summary in the fleet's order; exits 1 if any server failed.

The servers are read from a JSON file given as the argument, one entry per server:

    {"vm1": {"url": "https://vm1.example.net:10000", "fingerprint": "9F:86:...",
             "user": "root", "password": "..."}, ...}

where "user" defaults to root and "password" to $VIRTUALMIN_PASSWORD. Without an argument the
fleet is the one server of VIRTUALMIN_URL, VIRTUALMIN_USER, VIRTUALMIN_PASSWORD and
VIRTUALMIN_FINGERPRINT. Run: python examples/fleet.py servers.json
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Dict, List, Optional

import virtualmin_remote


def read_servers(path: Optional[str]) -> Dict[str, Dict[str, str]]:
    """Server name -> its settings, from the file or from the environment."""
    if path is None:
        return {
            "main": {
                "url": os.environ["VIRTUALMIN_URL"],
                "user": os.environ.get("VIRTUALMIN_USER", "root"),
                "fingerprint": os.environ.get("VIRTUALMIN_FINGERPRINT", ""),
            }
        }
    servers: Dict[str, Dict[str, str]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return servers


def main(path: Optional[str]) -> int:
    fleet = virtualmin_remote.Fleet(max_in_flight=8)
    for name, settings in read_servers(path).items():
        client = virtualmin_remote.Client(
            settings["url"],
            settings.get("user", "root"),
            settings.get("password") or os.environ["VIRTUALMIN_PASSWORD"],
            fingerprint=settings.get("fingerprint") or None,
            connect_timeout=5,
            timeout=60,
        )
        fleet.add(name, client)

    def progress(result: virtualmin_remote.ServerResult) -> None:
        # Called from the fleet's worker threads as each server finishes.
        print(f"  {result.server} answered in {result.elapsed:.2f} s", flush=True)

    results = fleet.call("list-domains", name_only=True, on_result=progress)

    failed: List[str] = []
    for result in results:
        if result.response is not None:
            print(f"{result.server}: {len(result.response.names)} virtual servers")
        else:
            failed.append(result.server)
            print(f"{result.server}: {type(result.error).__name__}: {result.error}")
    print(f"{len(results) - len(failed)} of {len(results)} servers answered")
    return 1 if failed else 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
