"""Fixtures: the test server as a subprocess, clients pinned to it, and the log-leak guard.

The server binary is the workspace's `virtualmin-remote-testserver` (VMR_TESTSERVER overrides
the path). It runs with `--exit-on-stdin-eof`, so it dies with this process even if pytest is
killed, and `--max-seconds` as a second net. Its control endpoints need no authentication and
are read here with certificate checks off, which is fine for a test-only local endpoint; the
clients under test always pin the certificate.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import ssl
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator, List, Set

import pytest

import virtualmin_remote

#: A wrong password the tests send on purpose; it must never show either.
WRONG_PASSWORD = "Wr0ng-Pa55-kQ7v"

BINDING_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BINDING_DIR.parent
CONTRACT_DIR = REPO_DIR / "tests" / "contract"


def server_binary() -> Path:
    """The test server's path: $VMR_TESTSERVER, or the workspace's debug build."""
    override = os.environ.get("VMR_TESTSERVER")
    if override:
        return Path(override)
    return REPO_DIR / "target" / "debug" / "virtualmin-remote-testserver"


def contract(name: str) -> Any:
    """One of the language-neutral tables in tests/contract/."""
    return json.loads((CONTRACT_DIR / name).read_text(encoding="utf-8"))


class TestServer:
    """A running test server process and its control endpoints."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    #: The password of every server started in this session, for the log-leak guard.
    passwords: Set[str] = set()

    def __init__(self, *args: str) -> None:
        binary = server_binary()
        if not binary.exists():
            raise RuntimeError(
                f"{binary} is missing: run `cargo build -p virtualmin-remote-testserver` "
                "(bindings-python/test.sh does)"
            )
        self.process = subprocess.Popen(
            [str(binary), "--exit-on-stdin-eof", "--max-seconds", "600", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the test server exited at once ({self.process.wait()})")
        info = json.loads(line)
        self.url: str = info["url"]
        self.fingerprint: str = info["fingerprint"]
        self.password: str = info["password"]
        TestServer.passwords.add(self.password)
        self.ca_file: str | None = info.get("ca_file")
        self._tls = ssl.create_default_context()
        self._tls.check_hostname = False
        self._tls.verify_mode = ssl.CERT_NONE

    def control(self, endpoint: str) -> Any:
        """GETs /_testserver/<endpoint> (with its query) and returns the decoded JSON."""
        url = f"{self.url}/_testserver/{endpoint}"
        with urllib.request.urlopen(url, context=self._tls, timeout=10) as reply:
            return json.loads(reply.read())

    def knobs(self, **settings: object) -> Any:
        """Sets fault knobs (delay_ms, fault, fault_count, ...) for the next API requests."""
        query = "&".join(f"{name}={value}" for name, value in settings.items())
        return self.control(f"knobs?{query}")

    def requests(self) -> List[Any]:
        """The API requests the server has logged, oldest first."""
        return list(self.control("requests"))

    def last_body(self) -> str:
        """The form body of the last API request."""
        return str(self.requests()[-1]["body"])

    def client(self, user: str = "root", **options: Any) -> virtualmin_remote.Client:
        """A client for this server, pinned to its certificate unless told otherwise."""
        if "verify" not in options and "ca_file" not in options:
            options.setdefault("fingerprint", self.fingerprint)
        password = options.pop("password", self.password)
        return virtualmin_remote.Client(self.url, user, password, **options)

    def stop(self) -> None:
        """Closes the server's stdin, which makes it exit, and waits for it."""
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class PauseWatch:
    """A thread that spins in Python while the block runs and records its longest pause: if the
    main thread held the GIL through a call, the spinner stood still for all of it."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._spin)

    def _spin(self) -> None:
        last = time.monotonic()
        while not self._finished.is_set():
            now = time.monotonic()
            self.longest = max(self.longest, now - last)
            last = now

    def __enter__(self) -> PauseWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._finished.set()
        self._thread.join()


@pytest.fixture(scope="session")
def server() -> Iterator[TestServer]:
    """The shared TLS test server, seeded with example.com, test.org, users and aliases."""
    running = TestServer("--seed")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def start_server() -> Iterator[Callable[..., TestServer]]:
    """Starts extra servers (stopped at the end of the session) for tests that need their own
    options, or that must not count failed logins against the shared one."""
    started: List[TestServer] = []

    def start(*args: str) -> TestServer:
        running = TestServer(*args)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture
def client(server: TestServer) -> virtualmin_remote.Client:
    """A root client pinned to the shared server."""
    return server.client()


@pytest.fixture
def knobs(server: TestServer) -> Iterator[TestServer]:
    """The shared server, its fault knobs put back to normal after the test."""
    yield server
    server.knobs(delay_ms=0, fault="none")


@pytest.fixture
def fresh(server: TestServer) -> Iterator[TestServer]:
    """The shared server reset to its seeded state before and after the test."""
    server.control("reset?seed=1")
    yield server
    server.control("reset?seed=1")


@pytest.fixture(autouse=True)
def no_secret_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Captures every log record at DEBUG and fails the test if one holds the password, or if
    a record of the HTTP or TLS layers (which log raw wire bytes) got through."""
    caplog.set_level(logging.DEBUG)
    yield
    secrets = {"Vmr-t3st-9qZx4LwP", WRONG_PASSWORD, *TestServer.passwords}
    for secret in list(secrets):
        secrets.add(base64.b64encode(f"root:{secret}".encode()).decode())
    for record in caplog.get_records("setup") + caplog.records:
        text = record.getMessage()
        for secret in secrets:
            assert secret not in text, f"password in log record {record.name}: {text}"
        assert not record.name.startswith(("ureq", "rustls")), record.name
