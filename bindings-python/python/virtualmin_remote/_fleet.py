"""``ServerResult``, what one server of a ``Fleet`` answered, and ``AsyncFleet``, the asyncio twin.

The ``Fleet`` itself is native (``_native.pyi``): the core runs the call on its own threads with
the GIL released. ``AsyncFleet`` hands that whole blocking run to one executor thread, so the
event loop stays free, and its ``as_completed`` passes each server's result to the loop as soon
as the server is done.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import (
    Any,
    AsyncIterator,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Tuple,
    Union,
    cast,
)

from ._async import AsyncClient
from ._errors import VirtualminError
from ._native import Client, Fleet, Response
from ._types import FlagPairs, FlagValue

__all__ = ["AsyncFleet", "ServerResult"]


@dataclass(frozen=True)
class ServerResult:
    """What one server answered: its ``response``, or the ``error`` it failed with (exactly
    one of the two is None), and how many seconds its call took (``elapsed``)."""

    server: str
    response: Optional[Response]
    error: Optional[VirtualminError]
    elapsed: float

    @property
    def ok(self) -> bool:
        """True when the server answered with a Response."""
        return self.error is None

    def result(self) -> Response:
        """The Response; raises the server's error instead if it failed (as ``Future.result``
        does)."""
        if self.error is not None:
            raise self.error
        assert self.response is not None
        return self.response


Member = Union[Client, AsyncClient]


class AsyncFleet:
    """A ``Fleet`` whose calls are awaited.

    ``AsyncFleet(servers=None, /, *, max_in_flight=16, executor=None)``: ``servers`` as for
    ``Fleet`` (a mapping of names to clients, or ``(name, client)`` pairs), where each client
    may be a ``Client`` or an ``AsyncClient``. A whole fleet call runs in one thread of
    ``executor`` (by default the running loop's), and the core runs the servers' calls on
    threads of its own, at most ``max_in_flight`` at once.

    Cancelling a task that awaits a call stops the wait, not the calls: they finish (each within
    its client's timeout) and their results are dropped.
    """

    def __init__(
        self,
        servers: Union[Mapping[str, Member], Iterable[Tuple[str, Member]], None] = None,
        /,
        *,
        max_in_flight: int = 16,
        executor: Optional[Executor] = None,
    ) -> None:
        self._fleet = Fleet(max_in_flight=max_in_flight)
        self._executor = executor
        pairs = servers.items() if isinstance(servers, Mapping) else servers or ()
        for name, client in pairs:
            self.add(name, client)

    @property
    def fleet(self) -> Fleet:
        """The blocking ``Fleet`` this one runs calls with (the same members)."""
        return self._fleet

    @property
    def names(self) -> List[str]:
        """The servers' names, in the order they were added."""
        return self._fleet.names

    def add(self, name: str, client: Member) -> None:
        """Adds a server under a name; raises UsageError when the name is empty or taken."""
        self._fleet.add(name, client.client if isinstance(client, AsyncClient) else client)

    def __len__(self) -> int:
        return len(self._fleet)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._fleet

    async def call(
        self,
        program: str,
        pairs: Optional[FlagPairs] = None,
        /,
        *,
        servers: Optional[Iterable[str]] = None,
        **flags: FlagValue,
    ) -> List[ServerResult]:
        """Runs a program on every server (or on ``servers``) and returns one ServerResult per
        server in the fleet's order (or that of ``servers``), as ``Fleet.call`` does."""
        loop = asyncio.get_running_loop()
        run = functools.partial(
            self._fleet.call, program, pairs, servers=servers, **_as_flags(flags)
        )
        return await loop.run_in_executor(self._executor, run)

    async def as_completed(
        self,
        program: str,
        pairs: Optional[FlagPairs] = None,
        /,
        *,
        servers: Optional[Iterable[str]] = None,
        **flags: FlagValue,
    ) -> AsyncIterator[ServerResult]:
        """Runs a program as ``call`` does, yielding each server's ServerResult as soon as that
        server is done: ``async for result in fleet.as_completed("list-domains"): ...``.

        Raises UsageError, from the first iteration, where ``call`` would."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Union[ServerResult, BaseException, None]] = asyncio.Queue()

        def deliver(item: Union[ServerResult, BaseException, None]) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:
                pass  # the loop is closed: nobody is waiting any more

        def run() -> None:
            try:
                flags_only = _as_flags(flags)
                self._fleet.call(program, pairs, servers=servers, on_result=deliver, **flags_only)
            except BaseException as exc:  # handed to the loop, raised there
                deliver(exc)
            else:
                # NB: every on_result's call_soon_threadsafe came before this one, and the loop
                # runs callbacks in order, so None arrives last.
                deliver(None)

        # NB: run() raises nothing (all goes through the queue), so its future needs no reader.
        loop.run_in_executor(self._executor, run)
        while True:
            item = await queue.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def __repr__(self) -> str:
        return f"Async{self._fleet!r}"


def _as_flags(flags: Dict[str, FlagValue]) -> Dict[str, Any]:
    """The keyword flags, typed for passing on to ``Fleet.call``.

    NB: mypy cannot tell that none of them is named ``on_result``, ``Fleet.call``'s own keyword,
    and so refuses them; a flag of that name is a flag only in the pairs form, as documented."""
    return cast(Dict[str, Any], flags)
