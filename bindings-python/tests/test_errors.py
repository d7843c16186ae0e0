"""The error model (tests/contract/error_kinds.json): each kind raised by the case that should
raise it, as the table's class with the table's builtin base, carrying its attributes; and the
server's fault knobs mapped to the kinds they stand for."""

from __future__ import annotations

import builtins
import pickle
import socket
from typing import Any, Callable, Dict

import pytest

import virtualmin_remote
from virtualmin_remote import _errors

from conftest import WRONG_PASSWORD, TestServer, contract

KINDS = contract("error_kinds.json")["kinds"]
WRONG_PIN = ":".join(["00"] * 32)


class Cases:
    """What raises each kind, against the shared server or a server of its own."""

    def __init__(self, server: TestServer, start_server: Callable[..., TestServer]) -> None:
        self.server = server
        self.start_server = start_server

    def usage(self) -> None:
        self.server.client().call("list-domains", Multiline=True)

    def connect(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # Nothing listens on the port once the probe is closed.
        closed = f"https://127.0.0.1:{port}"
        virtualmin_remote.Client(closed, "root", "x", fingerprint=WRONG_PIN).call("list-domains")

    def timeout(self) -> None:
        self.server.knobs(delay_ms=3000)
        self.server.client(timeout=0.5).call("list-domains")

    def tls(self) -> None:
        self.server.client(fingerprint=WRONG_PIN).call("list-domains")

    def auth(self) -> None:
        own = self.start_server()
        own.client(password=WRONG_PASSWORD).call("list-domains")

    def blocked(self) -> None:
        own = self.start_server("--block-after", "1")
        with pytest.raises(virtualmin_remote.AuthError):
            own.client(password=WRONG_PASSWORD).call("list-domains")
        own.client().call("list-domains")  # the right password, from a blocked address

    def refused(self) -> None:
        self.server.client().call("no-such-program")

    def programfailed(self) -> None:
        self.server.client().call(
            "create-alias", domain="nosuch.example", from_="info", to="a@example.com"
        )

    def http(self) -> None:
        self.server.knobs(fault="status-500", fault_count=1)
        self.server.client().call("list-domains")

    def protocol(self) -> None:
        self.server.knobs(fault="garbage", fault_count=1)
        self.server.client().call("list-domains")


@pytest.fixture
def cases(knobs: TestServer, start_server: Callable[..., TestServer]) -> Cases:
    return Cases(knobs, start_server)


@pytest.mark.parametrize("row", KINDS, ids=[row["kind"] for row in KINDS])
def test_each_kind_is_raised_as_the_tables_class(cases: Cases, row: Dict[str, Any]) -> None:
    trigger = getattr(cases, row["kind"].lower())
    with pytest.raises(virtualmin_remote.VirtualminError) as caught:
        trigger()
    err = caught.value

    assert type(err).__name__ == row["python"]
    assert type(err) is getattr(virtualmin_remote, row["python"])
    assert err.kind == row["kind"]
    if row["python_builtin"]:
        assert isinstance(err, getattr(builtins, row["python_builtin"]))
    assert str(err) == err.message == err.args[0]
    assert err.message


def test_the_classes_follow_the_table() -> None:
    assert sorted(_errors._CLASS_FOR_KIND) == sorted(row["kind"] for row in KINDS)
    for row in KINDS:
        cls = getattr(virtualmin_remote, row["python"])
        assert _errors._CLASS_FOR_KIND[row["kind"]] is cls
        assert issubclass(cls, virtualmin_remote.VirtualminError)
        if row["python_builtin"]:
            assert issubclass(cls, getattr(builtins, row["python_builtin"]))
        assert cls(f"{row['kind']} happened").kind == row["kind"]
    # Ours does not replace the builtin for anyone who imports the package.
    assert virtualmin_remote.TimeoutError is not builtins.TimeoutError
    assert issubclass(virtualmin_remote.TimeoutError, builtins.TimeoutError)


def test_usage_error_names_the_flag(cases: Cases) -> None:
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        cases.usage()
    assert caught.value.flag == "Multiline"


def test_auth_error_carries_the_status_and_the_two_factor_reason(cases: Cases) -> None:
    with pytest.raises(virtualmin_remote.AuthError) as caught:
        cases.auth()
    assert caught.value.http_status == 401
    assert caught.value.reason is None

    own = cases.start_server()
    with pytest.raises(virtualmin_remote.AuthError) as caught:
        own.client("twofa").call("list-domains")
    assert caught.value.http_status == 401
    assert caught.value.reason == "twofactor-required"


def test_blocked_error_carries_403(cases: Cases) -> None:
    with pytest.raises(virtualmin_remote.BlockedError) as caught:
        cases.blocked()
    assert caught.value.http_status == 403


def test_refused_for_an_unknown_program_and_a_limited_user(server: TestServer) -> None:
    with pytest.raises(virtualmin_remote.RefusedError, match="no-such-program"):
        server.client().call("no-such-program")
    with pytest.raises(virtualmin_remote.RefusedError, match="not allowed"):
        server.client("vmlimited").call("list-domains")


@pytest.mark.parametrize("wire_format", ["json", "text", "xml", "perl"])
def test_program_error_carries_error_line_output_and_exit_status(
    server: TestServer, wire_format: str
) -> None:
    with pytest.raises(virtualmin_remote.ProgramError) as caught:
        server.client(format=wire_format).call(
            "create-alias", domain="nosuch.example", from_="info", to="a@example.com"
        )
    err = caught.value
    assert err.error == "Virtual server nosuch.example does not exist"
    assert err.output is not None and err.output.startswith(err.error)
    # Only a plain-text reply carries the exit status line (Perl's raw wait status).
    assert err.exit_status == (256 if wire_format == "text" else None)
    assert "nosuch.example" in str(err)


def test_http_error_carries_the_status(cases: Cases) -> None:
    with pytest.raises(virtualmin_remote.HttpError) as caught:
        cases.http()
    assert caught.value.status == caught.value.http_status == 500


def test_tls_error_for_a_wrong_pin_and_for_an_unverifiable_certificate(
    server: TestServer,
) -> None:
    with pytest.raises(virtualmin_remote.TlsError):
        server.client(fingerprint=WRONG_PIN).call("list-domains")
    # The self-signed certificate is in no system store.
    with pytest.raises(virtualmin_remote.TlsError):
        server.client(verify=True).call("list-domains")


FAULT_KINDS = {
    "close-before-headers": virtualmin_remote.ConnectError,
    "reset-after-headers": virtualmin_remote.ProtocolError,
    "close-mid-body": virtualmin_remote.ProtocolError,
    "truncate": virtualmin_remote.ProtocolError,
    "garbage": virtualmin_remote.ProtocolError,
    "html-error": virtualmin_remote.ProtocolError,
    "status-500": virtualmin_remote.HttpError,
    "redirect": virtualmin_remote.HttpError,
    "trickle": virtualmin_remote.TimeoutError,
    "stall": virtualmin_remote.TimeoutError,
}


@pytest.mark.parametrize("fault", sorted(FAULT_KINDS))
def test_each_fault_is_raised_as_its_kind(knobs: TestServer, fault: str) -> None:
    knobs.knobs(fault=fault, fault_count=1)
    with pytest.raises(virtualmin_remote.VirtualminError) as caught:
        knobs.client(timeout=1.0).call("list-domains")
    assert type(caught.value) is FAULT_KINDS[fault], repr(caught.value)
    # One fault, one request: the next call is fine again.
    assert knobs.client().call("list-domains", name_only=True).names


def test_bad_client_options_are_usage_errors(server: TestServer, tmp_path: Any) -> None:
    url, pin = server.url, server.fingerprint
    unknown: Dict[str, Any] = {"method": "PUT", "format": "yaml"}
    bad: Dict[str, Callable[[], object]] = {
        "pin and CA": lambda: virtualmin_remote.Client(
            url, "root", "x", fingerprint=pin, ca_file=str(tmp_path / "ca.pem")
        ),
        "pin and verify=False": lambda: virtualmin_remote.Client(
            url, "root", "x", fingerprint=pin, verify=False
        ),
        "CA and verify=False": lambda: virtualmin_remote.Client(
            url, "root", "x", ca_file="ca.pem", verify=False
        ),
        "bad pin": lambda: virtualmin_remote.Client(url, "root", "x", fingerprint="12:34"),
        "missing CA file": lambda: virtualmin_remote.Client(
            url, "root", "x", ca_file=tmp_path / "missing.pem"
        ),
        "zero timeout": lambda: virtualmin_remote.Client(url, "root", "x", timeout=0),
        "negative timeout": lambda: virtualmin_remote.Client(
            url, "root", "x", connect_timeout=-1.0
        ),
        "NaN timeout": lambda: virtualmin_remote.Client(url, "root", "x", timeout=float("nan")),
        "method": lambda: virtualmin_remote.Client(url, "root", "x", method=unknown["method"]),
        "format": lambda: virtualmin_remote.Client(url, "root", "x", format=unknown["format"]),
        "URL": lambda: virtualmin_remote.Client("ftp://h", "root", "x"),
        "URL with credentials": lambda: virtualmin_remote.Client(
            "https://root:pw@h:10000", "root", "x"
        ),
        "user": lambda: virtualmin_remote.Client(url, "ro:ot", "x"),
    }
    for name, build in bad.items():
        with pytest.raises(virtualmin_remote.UsageError):
            build()
            pytest.fail(f"{name} was accepted")


def test_exceptions_survive_pickling(server: TestServer) -> None:
    with pytest.raises(virtualmin_remote.ProgramError) as caught:
        server.client(format="text").call(
            "create-alias", domain="nosuch.example", from_="info", to="a@example.com"
        )
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is virtualmin_remote.ProgramError
    assert (copy.kind, copy.error, copy.exit_status) == ("ProgramFailed", caught.value.error, 256)
    assert str(copy) == str(caught.value)


def test_fingerprint_errors_are_mapped_too(server: TestServer) -> None:
    with pytest.raises(virtualmin_remote.UsageError):
        virtualmin_remote.fingerprint(server.url.replace("https://", "http://"))
    with pytest.raises(virtualmin_remote.UsageError):
        virtualmin_remote.fingerprint(server.url, timeout=0)
