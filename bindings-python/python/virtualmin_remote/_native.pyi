"""Type stubs of the native module; users import these names from virtualmin_remote."""

from os import PathLike
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Tuple,
    Union,
    final,
)

from ._catalog import Problem, ProgramSpec
from ._fleet import ServerResult
from ._types import CheckModeName, FlagPairs, FlagValue, FormatName, MethodName, Record

__all__ = ["Catalog", "Client", "Fleet", "Response", "Preview", "fingerprint", "__version__"]

__version__: str

@final
class Client:
    """A client for one Virtualmin server's remote API (remote.cgi)."""

    def __new__(
        cls,
        url: str,
        user: str,
        password: str,
        *,
        fingerprint: Optional[str] = None,
        ca_file: Optional[Union[str, PathLike[str]]] = None,
        verify: bool = True,
        timeout: float = 300.0,
        connect_timeout: float = 10.0,
        method: MethodName = "POST",
        format: FormatName = "json",
        check_mode: CheckModeName = "warn",
        auto_multiline: bool = True,
        retries: int = 0,
        catalog: Optional[Catalog] = None,
    ) -> Client: ...
    @property
    def url(self) -> str:
        """The API's URL (``https://host:10000/virtual-server/remote.cgi``)."""
    @property
    def user(self) -> str:
        """The user name sent with every call."""
    def call(
        self, program: str, pairs: Optional[FlagPairs] = None, /, **flags: FlagValue
    ) -> Response:
        """Runs a program and returns its Response; the GIL is released while it runs."""
    def preview(
        self, program: str, pairs: Optional[FlagPairs] = None, /, **flags: FlagValue
    ) -> Preview:
        """The request ``call`` would send with the same arguments, secrets masked."""
    def check(
        self, program: str, pairs: Optional[FlagPairs] = None, /, **flags: FlagValue
    ) -> List[Problem]:
        """The problems the client's catalog finds in a call as it would be sent; sends nothing."""
    @property
    def catalog(self) -> Catalog:
        """The Catalog this client checks calls against."""
    def live_catalog(self) -> Catalog:
        """The server's own Catalog (list-commands, get-command), kept once read; GIL released."""

@final
class Catalog:
    """The programs and flags of one Virtualmin version, for checking calls before they are sent."""

    @staticmethod
    def bundled() -> Catalog:
        """The catalog of Virtualmin GPL 8.1 that ships with the library."""
    @staticmethod
    def from_json(text: str) -> Catalog:
        """Reads a catalog in the bundled file's JSON format; UsageError if it is not one."""
    @property
    def source(self) -> str:
        """Where the catalog came from: a Virtualmin version, or ``live: https://host:port``."""
    def programs(self) -> List[ProgramSpec]:
        """Every program, sorted by name."""
    def program(self, name: str) -> Optional[ProgramSpec]:
        """The program of that name (or of an alternative name), or None."""
    def is_pro_only(self, name: str) -> bool:
        """True when the name is a Virtualmin Pro program, missing from this (GPL) catalog."""
    def check(
        self, program: str, pairs: Optional[FlagPairs] = None, /, **flags: FlagValue
    ) -> List[Problem]:
        """Every mistake this catalog sees in the call exactly as given; sends nothing."""
    def wants_multiline(
        self, program: str, pairs: Optional[FlagPairs] = None, /, **flags: FlagValue
    ) -> bool:
        """True when a client would add ``--multiline`` to this call."""
    def __len__(self) -> int: ...
    def __contains__(self, name: str, /) -> bool: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

@final
class Fleet:
    """Named clients that one call runs on together, at most ``max_in_flight`` at a time."""

    def __new__(
        cls,
        servers: Union[Mapping[str, Client], Iterable[Tuple[str, Client]], None] = None,
        /,
        *,
        max_in_flight: int = 16,
    ) -> Fleet: ...
    def add(self, name: str, client: Client) -> None:
        """Adds a server under a name; UsageError when the name is empty or taken."""
    @property
    def names(self) -> List[str]:
        """The servers' names, in the order they were added."""
    @property
    def max_in_flight(self) -> int:
        """How many calls may be in flight at once."""
    def call(
        self,
        program: str,
        pairs: Optional[FlagPairs] = None,
        /,
        *,
        servers: Optional[Iterable[str]] = None,
        on_result: Optional[Callable[[ServerResult], object]] = None,
        **flags: FlagValue,
    ) -> List[ServerResult]:
        """Runs a program on every server (or on ``servers``); one ServerResult per server."""
    def __len__(self) -> int: ...
    def __contains__(self, name: str, /) -> bool: ...
    def __iter__(self) -> Iterator[str]: ...
    def __getitem__(self, name: str, /) -> Client: ...

@final
class Response:
    """The decoded reply of a successful call; a failed program raises ProgramError instead."""

    @property
    def program(self) -> str:
        """The program that ran."""
    @property
    def status(self) -> str:
        """Always "success"."""
    @property
    def format(self) -> FormatName:
        """The wire format the reply came in."""
    @property
    def exit_status(self) -> Optional[int]:
        """The ``Exit status:`` of a plain-text reply; None for JSON, XML and Perl."""
    @property
    def data(self) -> Any:
        """The structured result as plain lists, dicts and strings, or None."""
    @property
    def output(self) -> Optional[str]:
        """The program's text output when it printed text rather than data."""
    @property
    def records(self) -> List[Record]:
        """The records of a multiline listing (the same dicts as in ``data``)."""
    @property
    def pairs(self) -> List[Tuple[str, str]]:
        """The ``(name, value)`` pairs of ``data``."""
    @property
    def names(self) -> List[str]:
        """The plain strings of ``data`` (``name-only`` and the like)."""

@final
class Preview:
    """A request as ``call`` would send it, with secrets masked; ``str()`` renders it."""

    @property
    def method(self) -> MethodName:
        """Either "POST" or "GET"."""
    @property
    def url(self) -> str:
        """The URL; with GET it carries the (masked) parameters."""
    @property
    def headers(self) -> Dict[str, str]:
        """The headers that matter, the Authorization value masked."""
    @property
    def body(self) -> Optional[str]:
        """The (masked) form body of a POST; None with GET."""
    @property
    def command_line(self) -> str:
        """The same call as the local ``virtualmin`` command would take it."""

def fingerprint(url: str, timeout: float = 10.0) -> str:
    """Fetches the SHA-256 fingerprint of the certificate a server presents, for pinning."""
