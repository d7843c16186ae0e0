"""Fleets against several test servers at once: one fast, two slow (1.5 s a reply), one stopped
(its port closed), and one shared by many members to watch the in-flight bound. Each server has
its own password, so a credential sent to the wrong server would show as a failed login in
that server's request log."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List
from urllib.parse import urlsplit

import pytest

import virtualmin_remote
from virtualmin_remote import AsyncFleet, Fleet, ServerResult

from conftest import BINDING_DIR, PauseWatch, TestServer

SLOW_S = 1.5


class Servers:
    """The fleet's servers, started once for this module."""

    def __init__(self, start: Any) -> None:
        self.fast: TestServer = start("--seed", "--password", "Fleet-Fast-Pw-1")
        self.slow1: TestServer = start("--seed", "--delay-ms", "1500", "--password", "Slow-Pw-2")
        self.slow2: TestServer = start("--seed", "--delay-ms", "1500", "--password", "Slow-Pw-3")
        self.shared: TestServer = start("--seed", "--delay-ms", "300", "--password", "Shared-Pw-4")
        stopped: TestServer = start("--password", "Stopped-Pw-5")
        stopped.stop()
        self.stopped = stopped
        # NB: a socket bound and never listening keeps the stopped server's port refusing
        # connections, so that no server started later in the session can take it over.
        self._port_hold = socket.socket()
        self._port_hold.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._port_hold.bind(("127.0.0.1", urlsplit(stopped.url).port or 0))
        except OSError:
            pass  # taken already: the test that needs it refused will say so
        self.all = [self.fast, self.slow1, self.slow2, self.shared]

    def reset(self) -> None:
        for running in self.all:
            running.control("reset?seed=1")


@pytest.fixture(scope="module")
def servers(start_server: Any) -> Servers:
    return Servers(start_server)


@pytest.fixture
def net(servers: Servers) -> Iterator[Servers]:
    """The servers, reset (data, stats, request logs) before the test."""
    servers.reset()
    yield servers


def everyone(net: Servers) -> Fleet:
    """A fleet of every kind of member, in a known order."""
    return Fleet(
        {
            "fast": net.fast.client(),
            "limited": net.fast.client("vmlimited"),
            "slow1": net.slow1.client(),
            "stopped": net.stopped.client(connect_timeout=2),
            "slow2": net.slow2.client(),
            "stalled": net.slow1.client(timeout=0.5),
        }
    )


def kind_of(result: ServerResult) -> str:
    return "ok" if result.error is None else str(result.error.kind)


def test_each_server_gets_its_own_result_and_the_slowest_sets_the_pace(net: Servers) -> None:
    fleet = everyone(net)
    expected = net.fast.client().call("list-domains", name_only=True).names

    with PauseWatch() as watch:
        started = time.monotonic()
        results = fleet.call("list-domains", name_only=True)
        took = time.monotonic() - started

    assert watch.longest < 0.5, "another Python thread ran while the fleet waited"
    assert [r.server for r in results] == fleet.names
    assert {r.server: kind_of(r) for r in results} == {
        "fast": "ok",
        "limited": "Refused",
        "slow1": "ok",
        "stopped": "Connect",
        "slow2": "ok",
        "stalled": "Timeout",
    }
    by_name = {r.server: r for r in results}
    for name in ("fast", "slow1", "slow2"):
        response = by_name[name].result()
        assert response.names == expected and by_name[name].ok
    assert isinstance(by_name["stopped"].error, virtualmin_remote.ConnectError)
    assert isinstance(by_name["stalled"].error, virtualmin_remote.TimeoutError)
    with pytest.raises(virtualmin_remote.RefusedError):
        by_name["limited"].result()
    assert by_name["limited"].response is None and not by_name["limited"].ok

    assert by_name["slow1"].elapsed >= SLOW_S - 0.05
    assert 0.4 < by_name["stalled"].elapsed < 1.4, "bounded by its own client's timeout"
    assert by_name["fast"].elapsed < 1.0
    serial = sum(r.elapsed for r in results)
    assert serial > 3.4
    assert SLOW_S - 0.05 <= took < 2.6, f"{took:.2f} s: as slow as the slowest, not the sum"


def test_credentials_go_only_to_their_own_server(net: Servers) -> None:
    everyone(net).call("list-domains", name_only=True)

    for running in (net.fast, net.slow1, net.slow2):
        logged = running.requests()
        assert logged, f"{running.url} got no request"
        assert all(request["auth_ok"] for request in logged), logged
    assert {r["auth_user"] for r in net.fast.requests()} == {"root", "vmlimited"}
    assert {r["auth_user"] for r in net.slow1.requests()} == {"root"}
    assert len(net.slow1.requests()) == 2, "slow1 and stalled, nothing else"


def test_no_more_than_max_in_flight_calls_at_once(net: Servers) -> None:
    fleet = Fleet(
        [(f"alias{i}", net.shared.client()) for i in range(6)],
        max_in_flight=2,
    )
    assert fleet.max_in_flight == 2

    started = time.monotonic()
    results = fleet.call("list-domains", name_only=True)
    took = time.monotonic() - started

    assert [kind_of(r) for r in results] == ["ok"] * 6
    stats = net.shared.control("stats")
    assert stats["api_requests"] == 6
    assert stats["max_in_flight"] == 2
    assert took >= 3 * 0.3 - 0.05, "three rounds of two"


def test_the_default_bound_runs_every_member_at_once(net: Servers) -> None:
    fleet = Fleet([(f"alias{i}", net.shared.client()) for i in range(6)])
    assert fleet.max_in_flight == 16
    fleet.call("list-domains", name_only=True)
    assert net.shared.control("stats")["max_in_flight"] == 6


def test_servers_picks_a_subset_in_the_order_given_with_flags_as_pairs(net: Servers) -> None:
    fleet = everyone(net)
    results = fleet.call("list-domains", [("name-only", True)], servers=["limited", "fast"])

    assert [(r.server, kind_of(r)) for r in results] == [("limited", "Refused"), ("fast", "ok")]
    assert net.slow1.requests() == [] and net.slow2.requests() == []


@pytest.mark.parametrize(
    "names, culprit",
    [(["fast", "nosuch"], '"nosuch"'), (["fast", "fast"], '"fast" twice'), ("fast", "list")],
)
def test_bad_server_names_are_refused_before_anything_is_sent(
    net: Servers, names: Any, culprit: str
) -> None:
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        everyone(net).call("list-domains", servers=names)
    assert culprit in caught.value.message
    assert net.fast.requests() == []


def test_a_call_that_is_wrong_for_every_server_raises_and_sends_nothing(net: Servers) -> None:
    fleet = everyone(net)
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        fleet.call("Bad Name")
    assert caught.value.flag == "program"
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        fleet.call("list-domains", domain=1.5)
    assert caught.value.flag == "domain"
    assert net.fast.requests() == []


def test_check_mode_is_each_clients_own(net: Servers) -> None:
    fleet = Fleet(
        {
            "strict": net.fast.client(check_mode="strict"),
            "warn": net.shared.client(),
        }
    )
    strict, warn = fleet.call("list-domains", name_onyl=True)

    assert isinstance(strict.error, virtualmin_remote.UsageError)
    assert strict.error.flag == "name-onyl" and strict.elapsed < 0.1
    # Sent anyway, the server's own program refuses the flag.
    assert isinstance(warn.error, virtualmin_remote.ProgramError)
    assert net.fast.requests() == [] and len(net.shared.requests()) == 1


def test_on_result_sees_each_result_from_a_worker_thread(net: Servers) -> None:
    fleet = Fleet(
        {
            "fast": net.fast.client(),
            "limited": net.fast.client("vmlimited"),
            "stopped": net.stopped.client(connect_timeout=2),
        }
    )
    seen: List[ServerResult] = []
    threads = set()

    def on_result(result: ServerResult) -> None:
        threads.add(threading.get_ident())
        seen.append(result)

    results = fleet.call("list-domains", name_only=True, on_result=on_result)

    assert sorted(r.server for r in seen) == ["fast", "limited", "stopped"]
    assert threading.get_ident() not in threads
    for result in results:
        assert any(result is s for s in seen), "the same object, not a copy"


def test_an_exception_in_on_result_is_reported_and_stops_nothing(
    net: Servers, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: List[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    fleet = Fleet({"fast": net.fast.client(), "limited": net.fast.client("vmlimited")})

    def on_result(result: ServerResult) -> None:
        raise RuntimeError(f"callback broke on {result.server}")

    results = fleet.call("list-domains", name_only=True, on_result=on_result)

    assert [kind_of(r) for r in results] == ["ok", "Refused"]
    assert sorted(str(r.exc_value) for r in reported) == [
        "callback broke on fast",
        "callback broke on limited",
    ]


def test_fleet_members_are_named_once_and_behave_as_a_mapping(net: Servers) -> None:
    fast = net.fast.client()
    fleet = Fleet({"fast": fast})
    fleet.add("shared", net.shared.client())

    assert fleet.names == list(fleet) == ["fast", "shared"] and len(fleet) == 2
    assert fleet["fast"] is fast and "shared" in fleet and "nosuch" not in fleet
    assert repr(fleet) == "Fleet(servers=['fast', 'shared'], max_in_flight=16)"
    with pytest.raises(KeyError):
        fleet["nosuch"]
    for name in ("fast", ""):
        with pytest.raises(virtualmin_remote.UsageError):
            fleet.add(name, fast)
    with pytest.raises(virtualmin_remote.UsageError):
        Fleet({"a": fast}, max_in_flight=0)
    with pytest.raises(TypeError):
        Fleet({"a": "not a client"})  # type: ignore[arg-type]
    assert Fleet().call("list-domains") == []
    with pytest.raises(TypeError):
        fleet.call("list-domains", on_result="print")  # type: ignore[arg-type]


def test_async_fleet_yields_results_as_servers_finish(net: Servers) -> None:
    async def main() -> Dict[str, Any]:
        fleet = AsyncFleet(
            {
                "slow1": net.slow1.client(),
                "fast": virtualmin_remote.AsyncClient(
                    net.fast.url, "root", "Fleet-Fast-Pw-1", fingerprint=net.fast.fingerprint
                ),
                "limited": net.fast.client("vmlimited"),
            }
        )
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        ticker = asyncio.create_task(tick())
        order = [r.server async for r in fleet.as_completed("list-domains", name_only=True)]
        ticker.cancel()
        subset = await fleet.call("list-domains", name_only=True, servers=["fast"])
        with pytest.raises(virtualmin_remote.UsageError):
            async for _ in fleet.as_completed("list-domains", servers=["nosuch"]):
                pass
        return {"order": order, "ticks": ticks, "subset": subset, "names": fleet.names}

    outcome = asyncio.run(main())
    assert sorted(outcome["order"][:2]) == ["fast", "limited"] and outcome["order"][2] == "slow1"
    assert outcome["ticks"] >= 10, "the event loop ran while the fleet waited"
    assert [(r.server, r.ok) for r in outcome["subset"]] == [("fast", True)]
    assert outcome["names"] == ["slow1", "fast", "limited"]


def test_the_fleet_example_reports_every_server(net: Servers, tmp_path: Path) -> None:
    def entry(running: TestServer, user: str = "root") -> Dict[str, str]:
        return {
            "url": running.url,
            "fingerprint": running.fingerprint,
            "user": user,
            "password": running.password,
        }

    config = tmp_path / "servers.json"
    config.write_text(
        json.dumps(
            {
                "fast": entry(net.fast),
                "slow": entry(net.slow1),
                "limited": entry(net.fast, "vmlimited"),
                "stopped": entry(net.stopped),
            }
        )
    )
    done = subprocess.run(
        [sys.executable, str(BINDING_DIR / "examples" / "fleet.py"), str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-5:] == [
        "fast: 4 virtual servers",
        "slow: 4 virtual servers",
        "limited: RefusedError: You are not allowed to run remote commands",
        f"stopped: ConnectError: {net.stopped.url} refused the connection",
        "2 of 4 servers answered",
    ]
    assert lines[3].startswith("  slow answered in 1."), "the slow one answers last"
    for running in (net.fast, net.slow1):
        assert running.password not in done.stdout + done.stderr
