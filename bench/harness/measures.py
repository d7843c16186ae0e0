"""The five measurements: per-call cost, decode throughput, peak memory, concurrency, and TLS
session resumption. Each returns plain data for the report; none judges a number.

Rounds of different clients are interleaved (round 1 of every client, then round 2, ...), so
that a slow moment of the machine falls on all of them rather than on one.
"""

import statistics
import sys
import tempfile
from pathlib import Path

from .build import CLIENTS
from .server import TestServer, WorkerError, run_worker

NAMES_BODY = "program=list-domains&name-only=&json=1"
FORMATS = ["json", "text", "xml", "perl"]


def log(text):
    print(f"    {text}", file=sys.stderr, flush=True)


def quantiles(samples):
    """(median, p25, p75, min) of `samples`."""
    if len(samples) == 1:
        return samples[0], samples[0], samples[0], samples[0]
    q = statistics.quantiles(samples, n=4, method="inclusive")
    return statistics.median(samples), q[0], q[2], min(samples)


class Row:
    """One client of a measurement: how to start it, and why it cannot run if it cannot."""

    def __init__(self, name, ours, argv, needs=(), warm=1, kind="in-process", env=None):
        self.name, self.ours, self.argv, self.needs = name, ours, argv, needs
        self.warm, self.kind, self.env = warm, kind, env or {}


def py(tools, *args):
    return [tools.python, CLIENTS / "python_bench.py", *args]


def node(*args):
    return ["node", CLIENTS / "node_bench.js", *args]


def php(*args):
    return ["php", CLIENTS / "php_bench.php", *args]


def percall_rows(tools, server, calls):
    """Every client making `list-domains --name-only` calls, ours first, then the peers."""
    spawn = [tools.bench, "spawn", "--calls", calls, "--"]
    post = [f"--post-data={NAMES_BODY}"]
    return [
        Row("Rust core", True, [tools.bench, "percall", "--calls", calls], ("bench",)),
        Row("CLI process per call", True,
            spawn + [tools.cli, "--server", server.url, "--ca-file", server.ca_file,
                     "list-domains", "--name-only"], ("cli",), warm=0, kind="process"),
        Row("Python package", True, py(tools, "percall", "ours", calls), ("python",)),
        Row("Node package", True, node("percall", "ours", calls), ("node",)),
        Row("C library", True, [tools.c_bench, "percall", calls], ("c",)),
        Row("PHP package (FFI)", True, php("package", calls), ("php", "php-ffi", "php-package")),
        Row("PHP raw FFI calls", True, php("ffi", calls), ("php", "php-ffi")),
        Row("wget process per call", False,
            spawn + ["wget", "-q", "-O", "-", *post, "--http-user=root",
                     f"--http-password={server.password}", f"--ca-certificate={server.ca_file}",
                     server.api], ("wget",), warm=0, kind="process"),
        Row("curl process per call", False,
            spawn + ["curl", "-sS", "--fail", "--cacert", server.ca_file,
                     "-u", f"root:{server.password}", "-d", NAMES_BODY, server.api],
            ("curl",), warm=0, kind="process"),
        Row("PHP shell_exec(wget)", False, php("wget", calls), ("php", "wget"), warm=0,
            kind="process"),
        Row("Python requests.post", False, py(tools, "percall", "requests", calls)),
        Row("Node fetch", False, node("percall", "fetch", calls), ("node",)),
        Row("PHP curl extension", False, php("curl", calls), ("php", "php-curl")),
    ]


def _run_rows(rows, server, tools, rounds, calls):
    """Interleaved rounds of `rows`; per row its samples and the server's counts."""
    results = {r.name: {"samples": [], "requests": 0, "handshakes": 0, "resumed": 0,
                        "calls": 0, "why_not": tools.why_not(*r.needs)} for r in rows}
    env = server.env(tools)
    for round_no in range(rounds):
        log(f"round {round_no + 1}/{rounds}")
        for row in rows:
            result = results[row.name]
            if result["why_not"]:
                continue
            env_row = dict(env, **row.env)
            server.reset()
            try:
                out, _, _ = run_worker(row.argv, env_row)
            except WorkerError as err:
                result["why_not"] = f"failed: {err}"
                continue
            stats = server.stats()
            result["samples"] += out["samples_ms"]
            result["calls"] += calls + row.warm
            result["requests"] += stats["api_requests"]
            result["handshakes"] += stats["handshakes"]
            result["resumed"] += stats["resumed_handshakes"]
    return results


def percall(tools, rounds, calls):
    """Per-call cost on a seeded server with no delay: a small reply, so the cost is the call."""
    with TestServer(tools.testserver, "--seed") as server:
        rows = percall_rows(tools, server, calls)
        results = _run_rows(rows, server, tools, rounds, calls)
    return [dict(results[r.name], name=r.name, ours=r.ours, kind=r.kind) for r in rows]


def resumption(tools, rounds, calls):
    """One client for all calls against a new client per call, with the server's handshake
    counts: the server closes every connection, so resuming the TLS session is all a client
    can save between calls."""
    # (name, needs, reused argv, new-client argv, warm-up calls of the new-client worker)
    pairs = [
        ("Rust core", ("bench",), [tools.bench, "percall", "--calls", calls],
         [tools.bench, "percall", "--calls", calls, "--new-client"], 0),
        ("Python package", ("python",), py(tools, "percall", "ours", calls),
         py(tools, "percall", "ours", calls, "new"), 0),
        ("Node package", ("node",), node("percall", "ours", calls),
         node("percall", "ours", calls, "new"), 0),
        ("C library", ("c",), [tools.c_bench, "percall", calls],
         [tools.c_bench, "percall", calls, "new"], 0),
        ("Python requests (Session / requests.post)", (),
         py(tools, "percall", "requests-session", calls), py(tools, "percall", "requests", calls),
         1),
    ]
    rows = []
    for name, needs, reused, new, warm in pairs:
        rows.append(Row(f"{name} | reused", True, reused, needs))
        rows.append(Row(f"{name} | new", True, new, needs, warm=warm))
    with TestServer(tools.testserver, "--seed") as server:
        results = _run_rows(rows, server, tools, rounds, calls)
    out = []
    for name, *_ in pairs:
        out.append({"name": name, "reused": results[f"{name} | reused"],
                    "new": results[f"{name} | new"]})
    return out


def decode(tools, domains, calls, iterations):
    """Decode throughput of `list-domains --multiline` over `domains` generated servers."""
    out = {"formats": {}, "domains": domains}
    with TestServer(tools.testserver, "--seed-domains", domains) as server, \
            tempfile.TemporaryDirectory() as tmp:
        env = server.env(tools)
        for fmt in FORMATS:
            log(f"format {fmt}")
            body = Path(tmp) / f"body.{fmt}"
            row = {}
            # NB: one call more than measured: the first fills the server's conversion cache.
            core, _, _ = run_worker(
                [tools.bench, "decode", "--format", fmt, "--calls", calls + 1,
                 "--iterations", iterations, "--save", body], env)
            core["call_ms"] = core["call_ms"][1:]
            row["core"] = core
            row["bytes"] = core["bytes"]
            for lang, argv, need in (
                ("python", py(tools, "decode", "ours", fmt, calls), "python"),
                ("node", node("decode", "ours", fmt, calls), "node"),
            ):
                row[lang] = _try(argv, env, tools.why_not(need))
            if fmt == "json":
                row["json.loads"] = _try(py(tools, "parse", body, iterations), env, None)
                row["JSON.parse"] = _try(node("parse", body, iterations), env,
                                         tools.why_not("node"))
                row["requests"] = _try(py(tools, "decode", "requests", "json", calls), env, None)
                row["fetch"] = _try(node("decode", "fetch", "json", calls), env,
                                    tools.why_not("node"))
            out["formats"][fmt] = row
    return out


def _try(argv, env, why_not):
    if why_not:
        return {"why_not": why_not}
    try:
        return run_worker(argv, env)[0]
    except WorkerError as err:
        return {"why_not": f"failed: {err}"}


def memory(tools, huge_mb):
    """Peak resident memory of one call whose reply is `huge_mb` MiB (the `huge` fault)."""
    out = []
    with TestServer(tools.testserver, "--fault", "huge", "--huge-mb", huge_mb) as server:
        env = server.env(tools)
        rows = [
            Row("Rust core", True, [tools.bench, "memory"], ("bench",)),
            Row("CLI process", True,
                [tools.cli, "--server", server.url, "--ca-file", server.ca_file,
                 "list-domains", "--multiline"], ("cli",), kind="process"),
            Row("Python package", True, py(tools, "memory", "ours"), ("python",)),
            Row("Node package", True, node("memory", "ours"), ("node",)),
            Row("C library", True, [tools.c_bench, "memory"], ("c",)),
            Row("Python requests + json", False, py(tools, "memory", "requests")),
            Row("Node fetch + JSON.parse", False, node("memory", "fetch"), ("node",)),
        ]
        for row in rows:
            log(row.name)
            result = {"name": row.name, "ours": row.ours, "why_not": tools.why_not(*row.needs)}
            out.append(result)
            if result["why_not"]:
                continue
            try:
                # NB: the CLI prints the records (to /dev/null here): that is its job.
                got, maxrss, wall = run_worker(row.argv, env, json_out=row.kind != "process")
            except WorkerError as err:
                result["why_not"] = f"failed: {err}"
                continue
            result.update(got or {"ms": wall * 1000.0})
            result["maxrss_kib"] = maxrss
    return {"rows": out, "reply_bytes": huge_mb * 1024 * 1024}


def concurrency(tools, delay_ms, ns, rounds, calls):
    """N calls in flight against a server that delays every reply, as throughput relative to
    N times the single-call rate."""
    rows = [
        Row("Rust threads", True, lambda n: [tools.bench, "concurrency", "--threads", n,
                                             "--calls", calls], ("bench",)),
        Row("Python threads", True, lambda n: py(tools, "concurrency", "ours", n, calls),
            ("python",)),
        Row("Node promises (default libuv pool)", True,
            lambda n: node("concurrency", "ours", n, calls), ("node",)),
        Row("Node promises, UV_THREADPOOL_SIZE=32", True,
            lambda n: node("concurrency", "ours", n, calls), ("node",),
            env={"UV_THREADPOOL_SIZE": "32"}),
        Row("C threads", True, lambda n: [tools.c_bench, "concurrency", n, calls], ("c",)),
        Row("Python requests, threads", False,
            lambda n: py(tools, "concurrency", "requests", n, calls)),
        Row("Node fetch, promises", False, lambda n: node("concurrency", "fetch", n, calls),
            ("node",)),
    ]
    results = {r.name: {"name": r.name, "ours": r.ours, "why_not": tools.why_not(*r.needs),
                        "by_n": {n: {"elapsed_ms": [], "calls": 0, "max_in_flight": 0}
                                 for n in ns}} for r in rows}
    with TestServer(tools.testserver, "--seed", "--delay-ms", delay_ms) as server:
        env = server.env(tools)
        for round_no in range(rounds):
            log(f"round {round_no + 1}/{rounds}")
            for row in rows:
                result = results[row.name]
                if result["why_not"]:
                    continue
                for n in ns:
                    server.reset()
                    try:
                        got, _, _ = run_worker(row.argv(n), dict(env, **row.env))
                    except WorkerError as err:
                        result["why_not"] = f"failed: {err}"
                        break
                    cell = result["by_n"][n]
                    cell["elapsed_ms"].append(got["elapsed_ms"])
                    cell["calls"] = got["calls"]
                    cell["max_in_flight"] = max(cell["max_in_flight"],
                                                server.stats()["max_in_flight"])
    return {"rows": [results[r.name] for r in rows], "delay_ms": delay_ms, "ns": ns,
            "calls": calls}
