"""Type stubs of the native module; users import these names from virtualmin_remote."""

from os import PathLike
from typing import Any, Dict, List, Optional, Tuple, Union, final

from ._types import CheckModeName, FlagPairs, FlagValue, FormatName, MethodName, Record

__all__ = ["Client", "Response", "Preview", "fingerprint", "__version__"]

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
