"""Runs every benchmark against the local test server and writes BENCHMARKS.md and
BENCHMARKS.png at the repository root. Started by bench/run.sh inside bench/.venv; see
bench/README.md. Benchmarks measure: nothing here fails a run on a number.

    python bench/run.py [--quick] [--only percall,decode,memory,concurrency,resumption]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import build, measures, report  # noqa: E402

ROOT = build.ROOT
SECTIONS = ["percall", "decode", "memory", "concurrency", "resumption"]


def sizes(quick):
    """Rounds and calls: the full run takes about five minutes on 2 cores."""
    if quick:
        return dict(rounds=2, calls=5, domains=2000, decode_calls=1, iterations=2, huge_mb=10,
                    conc_rounds=1, conc_calls=2)
    return dict(rounds=5, calls=20, domains=10000, decode_calls=3, iterations=5, huge_mb=50,
                conc_rounds=3, conc_calls=3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast run to try the harness")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--out", help="default: BENCHMARKS.md for a full run, else "
                        "target/bench/BENCHMARKS.md (a trial never overwrites the results)")
    args = parser.parse_args()
    only = args.only.split(",")
    full = set(SECTIONS) <= set(only) and not args.quick
    if args.out is None:
        where = ROOT if full else ROOT / "target" / "bench"
        args.out = str(where / "BENCHMARKS.md")
    n = sizes(args.quick)
    started = time.time()
    load_before = os.getloadavg()

    tools = build.build_all()
    for what, why in sorted(tools.missing.items()):
        print(f"    not available: {what}: {why}", file=sys.stderr)

    results = {}
    if "percall" in only:
        build.step(f"per-call cost: {n['rounds']} rounds of {n['calls']} calls per client")
        results["percall"] = measures.percall(tools, n["rounds"], n["calls"])
    if "decode" in only:
        build.step(f"decode throughput: list-domains --multiline of {n['domains']} servers")
        results["decode"] = measures.decode(tools, n["domains"], n["decode_calls"],
                                            n["iterations"])
    if "memory" in only:
        build.step(f"peak memory: one {n['huge_mb']} MiB reply")
        results["memory"] = measures.memory(tools, n["huge_mb"])
    if "concurrency" in only:
        build.step("concurrency: N = 1, 8, 32 calls in flight, 200 ms server delay")
        results["concurrency"] = measures.concurrency(tools, 200, [1, 8, 32], n["conc_rounds"],
                                                      n["conc_calls"])
    if "resumption" in only:
        build.step("TLS session resumption: one client against a new client per call")
        results["resumption"] = measures.resumption(tools, n["rounds"], n["calls"])

    elapsed = time.time() - started
    out = Path(args.out)
    (ROOT / "target" / "bench").mkdir(parents=True, exist_ok=True)
    (ROOT / "target" / "bench" / "results.json").write_text(json.dumps(results, default=str))
    load = (load_before, os.getloadavg())
    out.write_text(write_markdown(results, n, elapsed, args, out, load))
    if set(SECTIONS) <= set(only):
        from harness import chart

        chart.draw(out.with_suffix(".png"), results["percall"], results["decode"],
                   results["memory"], results["concurrency"])
    build.step(f"wrote {out} ({elapsed:.0f} s)")


def write_markdown(results, n, elapsed, args, out, load):
    lines = [
        "# Benchmarks",
        "",
        "Measured by `bench/run.sh` against the bundled test server over TLS on loopback "
        f"(this run: {elapsed / 60:.1f} min{', --quick' if args.quick else ''}). Every client "
        "verifies the server's certificate against the same CA file and sends the password in "
        "a header, never in the URL. Numbers are medians with the spread over all calls of all "
        "rounds; rounds of different clients alternate. They describe this machine only: "
        "compare rows, not runs. `bench/README.md` says how each number is made.",
        "",
        "```sh",
        "bench/run.sh    # builds what is missing (release), runs everything, rewrites this",
        "```",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in report.machine()]
    # NB: other work on the machine shows in the spreads; the load says how much there was.
    lines.append("| load average (1, 5, 15 min) | at the start "
                 + ", ".join(f"{x:.2f}" for x in load[0]) + "; at the end "
                 + ", ".join(f"{x:.2f}" for x in load[1]) + " |")
    lines += ["", f"![the measures at a glance]({out.with_suffix('.png').name})", ""]

    if "percall" in results:
        lines += [
            "## Per-call cost",
            "",
            f"`list-domains --name-only` on the seeded server (4 servers, no delay), "
            f"{n['rounds']} rounds × {n['calls']} calls per client. In-process clients keep one "
            "client (or handle) for all calls after one warm-up call; process rows start one "
            "process per call, as the scripts being replaced do (wget and curl get the password "
            "on their command line). API requests/call above 1 means retries on the wire: wget "
            "sends each request without credentials first and again after the 401, and each of its "
            "connections waits about 40 ms twice on Nagle's algorithm against the server's "
            "delayed ACK (wget sets no TCP_NODELAY and writes both its last handshake message "
            "and its request in two segments; strace shows the waits). Our rows are "
            "compared with the peers of their kind (process with process, in-process with "
            "in-process).",
            "",
            report.percall_table(results["percall"]),
            "",
        ]
    if "decode" in results:
        a, b, _ = report.decode_tables(results["decode"])
        d = results["decode"]["domains"]
        lines += [
            "## Decode throughput",
            "",
            f"`list-domains --multiline` of {d} generated servers (`--seed-domains {d}`), in MB/s "
            "(10^6 bytes of the reply body per second). The core's `decode_reply` is timed on the "
            f"body captured once ({n['iterations']} times, median and p25–p75). The bindings "
            "have no decode entry of their own, so their figure is derived: the core's decode "
            "time plus what the binding's whole call takes beyond the core's whole call of the "
            f"same listing (medians of {n['decode_calls']} calls): the conversion into Python "
            "or JavaScript objects. `json.loads` / `JSON.parse` parse the same JSON body from "
            "bytes. Why the bindings lose here: `bench/README.md`, \"What the profiles say\".",
            "",
            a,
            "",
            "The whole call (server, TLS transfer, decode, objects), median:",
            "",
            b,
            "",
        ]
    if "memory" in results:
        lines += [
            "## Peak memory",
            "",
            f"One `list-domains --multiline` call whose reply is {n['huge_mb']} MiB of JSON (the "
            "test server's `huge` fault), each client in a fresh process. Peak RSS is the "
            "process's `ru_maxrss` (getrusage of the child); \"growth\" subtracts the process's "
            "RSS just before the call (interpreter, library, client). Where the memory goes: "
            "`bench/README.md`, \"What the profiles say\".",
            "",
            report.memory_table(results["memory"]),
            "",
        ]
    if "concurrency" in results:
        c = results["concurrency"]
        lines += [
            "## Concurrency",
            "",
            f"N calls in flight against a server that delays every reply by {c['delay_ms']} ms: "
            f"N threads (or promises) each making {c['calls']} calls in turn through one shared "
            "client. Relative throughput is calls per second ÷ (N × the single-call rate of "
            "the same client); 1.00 means N calls cost no more than one. \"Most in flight\" is "
            f"the server's own count. {n['conc_rounds']} rounds.",
            "",
            report.concurrency_table(c),
            "",
        ]
    if "resumption" in results:
        lines += [
            "## TLS session resumption",
            "",
            "The server closes every connection (as miniserv does), so the only saving between "
            "calls is resuming the TLS session. Counts are the server's (`handshakes`, "
            "`resumed_handshakes`) over all rounds, warm-up calls included. A new client per "
            "call also pays for building the client (reading the CA file).",
            "",
            report.resumption_table(results["resumption"]),
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
