"""Creates a mail alias, lists a domain's aliases, then lists the same in parallel for every
domain of the server, with threads and with asyncio.

Configured from the environment: VIRTUALMIN_URL (https://host:10000), VIRTUALMIN_USER (default
root), VIRTUALMIN_PASSWORD, and VIRTUALMIN_FINGERPRINT (the server certificate's SHA-256, as
`virtualmin_remote.fingerprint(url)` prints it). Run: python examples/aliases.py example.com
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List

import virtualmin_remote


def alias_map(response: virtualmin_remote.Response) -> Dict[str, List[str]]:
    """Alias address -> its destinations, from a multiline list-aliases."""
    return {record["name"]: record["values"].get("to", []) for record in response.records}


def main(domain: str) -> int:
    url = os.environ["VIRTUALMIN_URL"]
    password = os.environ["VIRTUALMIN_PASSWORD"]
    client = virtualmin_remote.Client(
        url,
        os.environ.get("VIRTUALMIN_USER", "root"),
        password,
        fingerprint=os.environ.get("VIRTUALMIN_FINGERPRINT"),
        timeout=60,
    )

    try:
        client.call(
            "create-alias", domain=domain, from_="team", to=["alice@example.org", "bob@example.org"]
        )
        print(f"created team@{domain}")
    except virtualmin_remote.ProgramError as err:
        # Already there from an earlier run, most likely; the server says which.
        print(f"not created: {err.error}")

    aliases = alias_map(client.call("list-aliases", domain=domain, multiline=True))
    for address, targets in sorted(aliases.items()):
        print(f"{address} -> {', '.join(targets)}")

    domains: List[str] = client.call("list-domains", name_only=True).names
    with ThreadPoolExecutor(8) as pool:
        counts = pool.map(
            lambda d: len(client.call("list-aliases", domain=d, multiline=True).records), domains
        )
        for name, count in zip(domains, counts):
            print(f"{name}: {count} aliases")

    async def count_all() -> int:
        twin = virtualmin_remote.AsyncClient(
            url, client.user, password, fingerprint=os.environ.get("VIRTUALMIN_FINGERPRINT")
        )
        replies = await asyncio.gather(
            *(twin.call("list-aliases", domain=d, multiline=True) for d in domains)
        )
        return sum(len(reply.records) for reply in replies)

    print(f"{asyncio.run(count_all())} aliases in all")
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    try:
        sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "example.com"))
    except virtualmin_remote.VirtualminError as err:
        print(f"{type(err).__name__}: {err}", file=sys.stderr)
        sys.exit(1)
