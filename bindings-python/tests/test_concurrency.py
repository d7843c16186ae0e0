"""Calls run in parallel: from threads (the GIL is released for the whole call) and from asyncio
(AsyncClient). Each reply is delayed 0.5 s by the server, so serial calls would take N x 0.5 s;
the bounds below are a correctness check of the release, not a benchmark."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import List

import pytest

import virtualmin_remote

from conftest import TestServer

DELAY_S = 0.5
CALLS = 8


def test_eight_threads_share_one_client_in_parallel(
    knobs: TestServer, client: virtualmin_remote.Client
) -> None:
    expected = client.call("list-domains", name_only=True).names
    knobs.control("reset?seed=1")  # zero the server's in-flight peak
    knobs.knobs(delay_ms=int(DELAY_S * 1000))

    started = time.monotonic()
    with ThreadPoolExecutor(CALLS) as pool:
        futures = [pool.submit(client.call, "list-domains", name_only=True) for _ in range(CALLS)]
        results = [f.result() for f in futures]
    elapsed = time.monotonic() - started

    assert [r.names for r in results] == [expected] * CALLS
    assert elapsed < 2.5, f"{CALLS} calls took {elapsed:.2f} s: the GIL was not released"
    assert knobs.control("stats")["max_in_flight"] >= 4


def test_the_gil_is_free_while_a_call_waits(
    knobs: TestServer, client: virtualmin_remote.Client
) -> None:
    knobs.knobs(delay_ms=int(DELAY_S * 1000))
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(client.call, "list-domains", name_only=True)
        # Pure-Python work in this thread goes on while the call is in flight.
        spins = 0
        while not pending.done():
            spins += 1
        assert pending.result().names
    assert spins > 1000


def test_async_client_runs_calls_concurrently_with_gather(
    knobs: TestServer, server: TestServer
) -> None:
    knobs.knobs(delay_ms=int(DELAY_S * 1000))

    async def main() -> List[virtualmin_remote.Response]:
        client = virtualmin_remote.AsyncClient(
            server.url,
            "root",
            server.password,
            fingerprint=server.fingerprint,
            executor=ThreadPoolExecutor(CALLS),
        )
        return await asyncio.gather(
            *(client.call("list-domains", name_only=True) for _ in range(CALLS))
        )

    started = time.monotonic()
    results = asyncio.run(main())
    elapsed = time.monotonic() - started
    assert len({tuple(r.names) for r in results}) == 1 and results[0].names
    assert elapsed < 2.5, f"{CALLS} awaited calls took {elapsed:.2f} s"


def test_async_client_with_the_default_executor_and_its_errors(server: TestServer) -> None:
    async def main() -> None:
        client = virtualmin_remote.AsyncClient(
            server.url, "root", server.password, fingerprint=server.fingerprint
        )
        assert client.url == client.client.url and client.user == "root"
        listing, names = await asyncio.gather(
            client.call("list-domains", [("multiline", True)]),
            client.call("list-domains", name_only=True),
        )
        assert [r["name"] for r in listing.records] == names.names

        preview = await client.preview("list-domains", name_only=True)
        assert preview.body == "program=list-domains&name-only=&json=1"

        with pytest.raises(virtualmin_remote.RefusedError):
            await client.call("no-such-program")
        with pytest.raises(virtualmin_remote.UsageError):
            await client.call("list-domains", to=1.5)

    asyncio.run(main())


def test_async_client_takes_the_same_options() -> None:
    with pytest.raises(virtualmin_remote.UsageError):
        virtualmin_remote.AsyncClient("https://h", "root", "x", fingerprint="1", verify=False)
    client = virtualmin_remote.AsyncClient(
        "https://h:10000", "root", "x", method="GET", format="xml", timeout=5
    )
    assert repr(client).startswith("AsyncClient(url='https://h:10000/virtual-server/remote.cgi'")
    assert "format='xml'" in repr(client) and "method='GET'" in repr(client)
