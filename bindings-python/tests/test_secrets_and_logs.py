"""The password never shows: not in a repr, not in any exception's text, args or attributes,
not in a preview, not in a log record; and the core's log records do reach Python's logging,
under `virtualmin_remote`, without the HTTP layer's wire dumps. (Every test of the suite also
runs under the log guard of conftest.py.)"""

from __future__ import annotations

import base64
import logging
from typing import Callable, Dict, List

import pytest

import virtualmin_remote

from conftest import WRONG_PASSWORD, TestServer

WRONG_PIN = ":".join(["00"] * 32)


def secrets_of(server: TestServer) -> List[str]:
    plain = [server.password, WRONG_PASSWORD]
    encoded = [base64.b64encode(f"root:{p}".encode()).decode() for p in plain]
    return plain + encoded


def every_text_of(err: BaseException) -> List[str]:
    texts = [str(err), repr(err), *map(str, err.args), *map(repr, err.args)]
    texts += [repr(value) for value in vars(err).values()]
    return texts


def test_repr_of_clients_hides_the_password(server: TestServer) -> None:
    sync = server.client()
    both = [sync, virtualmin_remote.AsyncClient(server.url, "root", server.password)]
    for client in both:
        text = repr(client)
        assert server.password not in text
        assert "password='***'" in text
    assert repr(sync) == (
        f"Client(url='{server.url}/virtual-server/remote.cgi', user='root', "
        "password='***', tls='pinned', method='POST', format='json')"
    )
    assert not any(server.password in str(getattr(sync, name)) for name in dir(sync)
                   if not name.startswith("__"))  # fmt: skip


def test_no_exception_text_holds_the_password(
    server: TestServer, start_server: Callable[..., TestServer]
) -> None:
    own = start_server()
    blocking = start_server("--block-after", "1")
    password = server.password
    failing: Dict[str, Callable[[], object]] = {
        "wrong password": lambda: own.client(password=WRONG_PASSWORD).call("list-domains"),
        "two-factor": lambda: own.client("twofa").call("list-domains"),
        "first failure": lambda: blocking.client(password=WRONG_PASSWORD).call("list-domains"),
        "blocked": lambda: blocking.client().call("list-domains"),
        "wrong pin": lambda: server.client(fingerprint=WRONG_PIN).call("list-domains"),
        "refused": lambda: server.client("vmlimited").call("list-domains"),
        "program": lambda: server.client().call(
            "create-alias", domain="nosuch.example", from_="x", to=password
        ),
        "bad secret flag": lambda: server.client().call("create-domain", pass_=password + "\n"),
        "bad flag value": lambda: server.client().call("create-domain", pass_=[password, 1.5]),
        "URL with credentials": lambda: virtualmin_remote.Client(
            f"https://root:{password}@127.0.0.1:1", "root", password
        ),
        "user with a colon": lambda: virtualmin_remote.Client(server.url, "ro:ot", password),
    }
    raised: List[BaseException] = []
    for name, action in failing.items():
        with pytest.raises(virtualmin_remote.VirtualminError) as caught:
            action()
            pytest.fail(f"{name} did not fail")
        raised.append(caught.value)

    assert {type(e).__name__ for e in raised} >= {
        "AuthError", "BlockedError", "TlsError", "RefusedError", "ProgramError", "UsageError"
    }  # fmt: skip
    for err in raised:
        for text in every_text_of(err):
            for secret in secrets_of(server):
                assert secret not in text, f"{type(err).__name__}: {text}"


def test_preview_masks_the_password_and_secret_flags(server: TestServer) -> None:
    preview = server.client().preview("create-domain", domain="a.example", pass_="Dom-Pw-77")
    for text in (str(preview), repr(preview), preview.body or "", preview.command_line,
                 repr(preview.headers)):  # fmt: skip
        assert server.password not in text
        assert "Dom-Pw-77" not in text
    assert preview.headers["Authorization"] == "Basic *** (user root)"
    assert preview.body == "program=create-domain&domain=a.example&pass=***&json=1"
    assert str(preview).endswith(
        "# locally: virtualmin create-domain --domain a.example --pass '***'"
    )


def test_core_records_reach_python_logging_under_virtualmin_remote(
    caplog: pytest.LogCaptureFixture, client: virtualmin_remote.Client
) -> None:
    client.call("list-domains", name_only=True)
    ours = [r for r in caplog.records if r.name.startswith("virtualmin_remote")]
    messages = [r.getMessage() for r in ours]
    assert any("calling list-domains" in m for m in messages), messages
    assert all(r.levelno == logging.DEBUG for r in ours if "list-domains" in r.getMessage())
    # Only our records: the HTTP and TLS crates' debug output (raw wire bytes) is dropped.
    assert [r.name for r in caplog.records if not r.name.startswith("virtualmin_remote")] == []


def test_log_levels_set_in_python_apply_at_once(
    caplog: pytest.LogCaptureFixture, client: virtualmin_remote.Client
) -> None:
    logger = logging.getLogger("virtualmin_remote")
    logger.setLevel(logging.WARNING)
    try:
        caplog.clear()
        client.call("list-domains", name_only=True)
        assert not [r for r in caplog.records if r.levelno < logging.WARNING]
    finally:
        logger.setLevel(logging.NOTSET)
    client.call("list-domains", name_only=True)
    assert [r for r in caplog.records if r.levelno == logging.DEBUG]


def test_insecure_mode_logs_a_warning_each_time(
    caplog: pytest.LogCaptureFixture, server: TestServer
) -> None:
    for _ in range(2):
        client = virtualmin_remote.Client(server.url, "root", server.password, verify=False)
        assert client.call("list-domains", name_only=True).names
    warnings = [
        r for r in caplog.records if r.levelno == logging.WARNING and "verify=False" in r.message
    ]
    assert len(warnings) == 2
    assert warnings[0].name == "virtualmin_remote.python"


def test_no_record_of_a_failing_call_holds_the_password(
    caplog: pytest.LogCaptureFixture, start_server: Callable[..., TestServer]
) -> None:
    own = start_server()
    with pytest.raises(virtualmin_remote.AuthError):
        own.client(password=WRONG_PASSWORD).call("create-domain", domain="x", pass_="Dom-Pw-88")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "create-domain" in text
    for secret in secrets_of(own) + ["Dom-Pw-88"]:
        assert secret not in text
