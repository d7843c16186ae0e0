"""A client for Virtualmin's remote API (remote.cgi) that gets the protocol right.

    import virtualmin_remote

    client = virtualmin_remote.Client(
        "https://vm.example.net:10000", "root", password, fingerprint="9F:86:D0:...")
    for domain in client.call("list-domains", multiline=True).records:
        print(domain["name"], domain["values"].get("home_directory"))

Flags are keywords (``name_only=True`` is ``--name-only``, ``to=[a, b]`` a repeated ``--to``,
``from_="info"`` is ``--from``); every parameter travels in a POST body; each reply format
decodes to the same ``Response``; a failing program raises ``ProgramError``. The GIL is
released while a call runs, so threads run calls in parallel; ``AsyncClient`` is the asyncio
twin. Calls are checked against a ``Catalog`` of Virtualmin's programs and flags before they are
sent (``client.check(...)`` lists the problems). A ``Fleet`` (or ``AsyncFleet``) runs one call
on many servers at once and keeps each server's ``ServerResult`` apart. Log records go to the
``logging`` logger ``virtualmin_remote`` and never hold secrets.
"""

from ._async import AsyncClient
from ._catalog import ExclusiveGroup, FlagSpec, Problem, ProblemKind, ProgramSpec
from ._errors import (
    AuthError,
    BlockedError,
    ConnectError,
    HttpError,
    ProgramError,
    ProtocolError,
    RefusedError,
    TimeoutError,
    TlsError,
    UsageError,
    VirtualminError,
)
from ._fleet import AsyncFleet, ServerResult
from ._native import Catalog, Client, Fleet, Preview, Response, __version__, fingerprint
from ._types import CheckModeName, FlagPairs, FlagValue, FormatName, MethodName, Record

__all__ = [
    "AsyncClient",
    "AsyncFleet",
    "AuthError",
    "BlockedError",
    "Catalog",
    "CheckModeName",
    "Client",
    "ConnectError",
    "ExclusiveGroup",
    "fingerprint",
    "FlagPairs",
    "FlagSpec",
    "FlagValue",
    "Fleet",
    "FormatName",
    "HttpError",
    "MethodName",
    "Preview",
    "Problem",
    "ProblemKind",
    "ProgramError",
    "ProgramSpec",
    "ProtocolError",
    "Record",
    "RefusedError",
    "Response",
    "ServerResult",
    "TimeoutError",
    "TlsError",
    "UsageError",
    "VirtualminError",
    "__version__",
]
