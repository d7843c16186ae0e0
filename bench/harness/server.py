"""The test server as the benchmarks use it, and the worker processes that measure against it.

Every server runs with `--cert ca-signed`: all clients verify its certificate against the same
CA file, so none saves time by skipping the check. A worker is a separate process that prints
one line of JSON; its peak resident memory comes from wait4(), i.e. getrusage of the child.
"""

import json
import os
import ssl
import subprocess
import tempfile
import time
import urllib.request


class WorkerError(RuntimeError):
    """A worker failed; the message has the end of its stderr."""


class TestServer:
    """A running test server; stops when its stdin closes (`--exit-on-stdin-eof`)."""

    def __init__(self, binary, *args):
        self.process = subprocess.Popen(
            [str(binary), "--cert", "ca-signed", "--exit-on-stdin-eof", "--max-seconds", "1800",
             *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        info = json.loads(self.process.stdout.readline())
        self.url = info["url"]
        self.ca_file = info["ca_file"]
        self.password = info["password"]
        self.api = self.url + "/virtual-server/remote.cgi"
        self._tls = ssl.create_default_context(cafile=self.ca_file)

    def control(self, path):
        """GET a control endpoint (/_testserver/...) and return its JSON."""
        with urllib.request.urlopen(self.url + path, context=self._tls, timeout=30) as reply:
            return json.load(reply)

    def reset(self):
        return self.control("/_testserver/reset")

    def stats(self):
        return self.control("/_testserver/stats")

    def env(self, tools):
        """The environment every worker gets: where the server is and how to trust it."""
        env = dict(os.environ)
        env.update(
            VMR_BENCH_URL=self.url,
            VMR_BENCH_CA=self.ca_file,
            VMR_BENCH_PASSWORD=self.password,
            VIRTUALMIN_PASSWORD=self.password,
            NODE_EXTRA_CA_CERTS=self.ca_file,
            VMR_BENCH_NODE_PKG=str(tools.node_pkg),
            VMR_BENCH_LIB=str(tools.libc),
            VMR_BENCH_FFI_H=str(tools.ffi_header),
            VMR_BENCH_PHP_SRC=str(tools.php_src),
        )
        return env

    def stop(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def run_worker(cmd, env, json_out=True, timeout=600):
    """Runs `cmd` to completion: (its JSON line or None, peak RSS in KiB, wall seconds).

    # Errors
    WorkerError when it exits non-zero or prints no JSON.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(c) for c in cmd],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if json_out else subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
        out = process.stdout.read() if json_out else b""
        # NB: wait4 rather than Popen.wait, for the child's rusage (ru_maxrss, KiB on Linux).
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                raise WorkerError(f"{cmd[0]} timed out")
            time.sleep(0.002)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-3:]
            raise WorkerError(f"exit {process.returncode}: {' | '.join(tail)[:300]}")
    if not json_out:
        return None, usage.ru_maxrss, wall
    lines = [l for l in out.decode().splitlines() if l.startswith("{")]
    if not lines:
        raise WorkerError(f"no JSON from {cmd[0]}")
    return json.loads(lines[-1]), usage.ru_maxrss, wall
