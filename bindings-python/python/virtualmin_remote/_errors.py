"""The exceptions of virtualmin_remote: one class per kind of failure, one base for all.

Every failure is a ``VirtualminError``; its subclass says what went wrong, and three of them
also subclass the builtin a Python programmer would catch anyway (``UsageError`` is a
``ValueError``, ``ConnectError`` a ``ConnectionError``, ``TimeoutError`` the builtin
``TimeoutError``). Every instance has the same attributes, ``None`` where they do not apply::

    kind         the core's name for the kind ("Usage", "ProgramFailed", ...)
    message      the message (also str(exc) and exc.args[0])
    flag         UsageError: the flag (or "program") that is wrong
    http_status  the HTTP status of the reply, where one was received
    exit_status  ProgramError: the raw exit status of a plain-text reply (256 for exit 1)
    error        ProgramError: the first line the program printed (its error message)
    output       ProgramError: everything it printed
    reason       AuthError: the server's reason, where it gave one ("twofactor-required")

No message ever holds the password, the Authorization header or a query string.
"""

from __future__ import annotations

import builtins
from typing import ClassVar, Dict, Optional, Tuple, Type

__all__ = [
    "VirtualminError",
    "UsageError",
    "ConnectError",
    "TimeoutError",
    "TlsError",
    "AuthError",
    "BlockedError",
    "RefusedError",
    "ProgramError",
    "HttpError",
    "ProtocolError",
]


class VirtualminError(Exception):
    """Base class of every error raised by virtualmin_remote."""

    #: The kind an instance of this class has unless told otherwise.
    default_kind: ClassVar[Optional[str]] = None

    kind: Optional[str]
    message: str
    flag: Optional[str]
    http_status: Optional[int]
    exit_status: Optional[int]
    error: Optional[str]
    output: Optional[str]
    reason: Optional[str]

    def __init__(
        self,
        message: str = "",
        *,
        kind: Optional[str] = None,
        flag: Optional[str] = None,
        http_status: Optional[int] = None,
        exit_status: Optional[int] = None,
        error: Optional[str] = None,
        output: Optional[str] = None,
        reason: Optional[str] = None,
    ) -> None:
        # NB: exactly one argument, so that the OSError subclasses do not read it as
        # (errno, strerror) and str(exc) stays the message.
        super().__init__(message)
        self.kind = kind if kind is not None else self.default_kind
        self.message = message
        self.flag = flag
        self.http_status = http_status
        self.exit_status = exit_status
        self.error = error
        self.output = output
        self.reason = reason


class UsageError(VirtualminError, ValueError):
    """The caller's input is invalid (program or flag name, value, URL, option); nothing was
    sent. ``flag`` names the culprit where there is one."""

    default_kind = "Usage"


class ConnectError(VirtualminError, ConnectionError):
    """No connection could be made, or it was reset before a reply began."""

    default_kind = "Connect"


class TimeoutError(VirtualminError, builtins.TimeoutError):
    """The connect or total deadline passed. Also a builtin ``TimeoutError``."""

    default_kind = "Timeout"


class TlsError(VirtualminError):
    """The server's certificate was rejected or did not match the pinned fingerprint."""

    default_kind = "Tls"


class AuthError(VirtualminError):
    """The server refused the credentials (401, two-factor account, Webmin login page).

    Never retried: Webmin blocks an address after a few failures. ``reason`` carries the
    server's reason where it gave one (``"twofactor-required"``)."""

    default_kind = "Auth"


class BlockedError(VirtualminError):
    """The server blocked this address after repeated login failures (403); wait it out."""

    default_kind = "Blocked"


class RefusedError(VirtualminError):
    """remote.cgi refused the call itself: not allowed, no such program, Pro only."""

    default_kind = "Refused"


class ProgramError(VirtualminError):
    """The program ran and failed. ``error`` is its first line of output, ``output`` all of it,
    ``exit_status`` the raw status of a plain-text reply."""

    default_kind = "ProgramFailed"


class HttpError(VirtualminError):
    """The server answered with an HTTP status that means neither success nor a known refusal.
    ``status`` (and ``http_status``) is that status."""

    default_kind = "Http"

    @property
    def status(self) -> Optional[int]:
        """The HTTP status of the reply."""
        return self.http_status


class ProtocolError(VirtualminError):
    """The reply could not be understood: truncated, undecodable, or not the API."""

    default_kind = "Protocol"


_CLASSES: Tuple[Type[VirtualminError], ...] = (
    UsageError,
    ConnectError,
    TimeoutError,
    TlsError,
    AuthError,
    BlockedError,
    RefusedError,
    ProgramError,
    HttpError,
    ProtocolError,
)

# Tracebacks and pickles name the public module, where users import the classes from.
for _cls in (VirtualminError, *_CLASSES):
    _cls.__module__ = "virtualmin_remote"
del _cls

#: The class each of the core's kinds is raised as (the table in tests/contract/).
_CLASS_FOR_KIND: Dict[str, Type[VirtualminError]] = {
    cls.default_kind: cls for cls in _CLASSES if cls.default_kind is not None
}


def _from_native(
    kind: str,
    message: str,
    *,
    flag: Optional[str] = None,
    http_status: Optional[int] = None,
    exit_status: Optional[int] = None,
    error: Optional[str] = None,
    output: Optional[str] = None,
    reason: Optional[str] = None,
) -> VirtualminError:
    """Builds the exception for an error of ``kind`` (called by the native module).

    A kind this module does not know yet still arrives, as the base class."""
    cls = _CLASS_FOR_KIND.get(kind, VirtualminError)
    return cls(
        message,
        kind=kind,
        flag=flag,
        http_status=http_status,
        exit_status=exit_status,
        error=error,
        output=output,
        reason=reason,
    )
