"""``AsyncClient``: the asyncio twin of ``Client``.

A call is blocking network I/O in the native client, which releases the GIL while it runs, so
the idiomatic bridge to asyncio is a worker thread: each ``await client.call(...)`` runs the
blocking call in an executor (the event loop's default one unless told otherwise) and the loop
stays free. ``asyncio.gather`` of many calls runs as many at once as the executor has threads.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import Executor
from os import PathLike
from typing import List, Optional, Union

from ._catalog import Problem
from ._native import Catalog, Client, Preview, Response
from ._types import CheckModeName, FlagPairs, FlagValue, FormatName, MethodName

__all__ = ["AsyncClient"]


class AsyncClient:
    """A client for one Virtualmin server whose methods are coroutines.

    Takes the same arguments as ``Client`` (see there), plus ``executor``: the
    ``concurrent.futures.Executor`` the blocking calls run in, by default the running loop's
    default executor. Raises the same exceptions as ``Client``, from the ``await``.

    Cancelling a task that awaits a call stops the wait, not the request: the worker thread
    finishes it (within ``timeout``) and its result is dropped.
    """

    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        fingerprint: Optional[str] = None,
        ca_file: Optional[Union[str, "PathLike[str]"]] = None,
        verify: bool = True,
        timeout: float = 300.0,
        connect_timeout: float = 10.0,
        method: MethodName = "POST",
        format: FormatName = "json",
        check_mode: CheckModeName = "warn",
        auto_multiline: bool = True,
        retries: int = 0,
        catalog: Optional[Catalog] = None,
        executor: Optional[Executor] = None,
    ) -> None:
        self._client = Client(
            url,
            user,
            password,
            fingerprint=fingerprint,
            ca_file=ca_file,
            verify=verify,
            timeout=timeout,
            connect_timeout=connect_timeout,
            method=method,
            format=format,
            check_mode=check_mode,
            auto_multiline=auto_multiline,
            retries=retries,
            catalog=catalog,
        )
        self._executor = executor

    @property
    def client(self) -> Client:
        """The blocking ``Client`` this one runs calls with (same server, same options)."""
        return self._client

    @property
    def url(self) -> str:
        """The API's URL (``https://host:10000/virtual-server/remote.cgi``)."""
        return self._client.url

    @property
    def user(self) -> str:
        """The user name sent with every call."""
        return self._client.user

    async def call(
        self,
        program: str,
        pairs: Optional[FlagPairs] = None,
        /,
        **flags: FlagValue,
    ) -> Response:
        """Runs a program in a worker thread and returns its ``Response``.

        Flags as for ``Client.call``: keywords, or one positional list of (name, value) pairs.
        """
        loop = asyncio.get_running_loop()
        run = functools.partial(self._client.call, program, pairs, **flags)
        return await loop.run_in_executor(self._executor, run)

    def check(
        self,
        program: str,
        pairs: Optional[FlagPairs] = None,
        /,
        **flags: FlagValue,
    ) -> List[Problem]:
        """The problems the client's catalog finds in a call, as ``Client.check`` does. Not a
        coroutine: it sends nothing and does not wait."""
        return self._client.check(program, pairs, **flags)

    @property
    def catalog(self) -> Catalog:
        """The ``Catalog`` this client checks calls against."""
        return self._client.catalog

    async def live_catalog(self) -> Catalog:
        """The server's own ``Catalog``, read in a worker thread (see
        ``Client.live_catalog``); kept for the life of the client once read."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._client.live_catalog)

    async def preview(
        self,
        program: str,
        pairs: Optional[FlagPairs] = None,
        /,
        **flags: FlagValue,
    ) -> Preview:
        """The request ``call`` would send, secrets masked. Sends nothing, so it needs no
        worker thread; it is a coroutine only to match ``call``."""
        return self._client.preview(program, pairs, **flags)

    def __repr__(self) -> str:
        return f"Async{self._client!r}"
