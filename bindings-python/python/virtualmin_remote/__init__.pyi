"""Type stubs of virtualmin_remote: the names re-exported from its modules."""

from ._async import AsyncClient as AsyncClient
from ._catalog import ExclusiveGroup as ExclusiveGroup
from ._catalog import FlagSpec as FlagSpec
from ._catalog import Problem as Problem
from ._catalog import ProblemKind as ProblemKind
from ._catalog import ProgramSpec as ProgramSpec
from ._errors import AuthError as AuthError
from ._errors import BlockedError as BlockedError
from ._errors import ConnectError as ConnectError
from ._errors import HttpError as HttpError
from ._errors import ProgramError as ProgramError
from ._errors import ProtocolError as ProtocolError
from ._errors import RefusedError as RefusedError
from ._errors import TimeoutError as TimeoutError
from ._errors import TlsError as TlsError
from ._errors import UsageError as UsageError
from ._errors import VirtualminError as VirtualminError
from ._fleet import AsyncFleet as AsyncFleet
from ._fleet import ServerResult as ServerResult
from ._native import Catalog as Catalog
from ._native import Client as Client
from ._native import Fleet as Fleet
from ._native import Preview as Preview
from ._native import Response as Response
from ._native import __version__ as __version__
from ._native import fingerprint as fingerprint
from ._types import CheckModeName as CheckModeName
from ._types import FlagPairs as FlagPairs
from ._types import FlagValue as FlagValue
from ._types import FormatName as FormatName
from ._types import MethodName as MethodName
from ._types import Record as Record

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
