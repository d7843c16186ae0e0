"""BENCHMARKS.md and BENCHMARKS.png from the measurements: a table per measure, the machine,
the command. Where one of our clients is slower than a peer, its row says so."""

import os
import platform
import re
import shutil
import statistics
import subprocess

from .build import ROOT
from .measures import FORMATS, quantiles

MB = 1e6


def _first_line(cmd):
    if shutil.which(cmd[0]) is None:
        return "not installed"
    done = subprocess.run(cmd, capture_output=True, text=True)
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "?"


def machine():
    """What the numbers were measured on."""
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    osname = "?"
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            found = re.search(r'^PRETTY_NAME="?([^"\n]*)', f.read(), re.M)
            osname = found.group(1) if found else "?"
    import ssl

    try:
        import requests

        requests_version = requests.__version__
    except ImportError:
        requests_version = "not installed"
    commit = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True, text=True,
    ).stdout.strip()
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores (nproc)"),
        ("memory", f"{mem_kib / 1024 / 1024:.1f} GiB"),
        ("system", f"{osname}, Linux {platform.release()}"),
        ("commit", commit + (" (with uncommitted changes)" if dirty else "")),
        ("Rust", _first_line(["rustc", "--version"])),
        ("Python", f"{platform.python_version()} ({ssl.OPENSSL_VERSION}), requests "
                   f"{requests_version}"),
        ("Node", _first_line(["node", "--version"])),
        ("PHP", _first_line(["php", "--version"])),
        ("wget", _first_line(["wget", "--version"])),
        ("curl", _first_line(["curl", "--version"])),
    ]


def _fmt_ms(ms):
    return f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def _na(why):
    return f"not available: {why}"


def percall_table(rows):
    out = ["| client | how | median ms/call | p25–p75 | min | API requests/call "
           "| TLS resumed/handshakes | note |",
           "|---|---|---:|---:|---:|---:|---:|---|"]
    # NB: a process per call is compared with the other processes, an in-process client with
    # the other in-process clients: a CLI is not meant to beat a library.
    medians = {(r["name"], r["kind"]): quantiles(r["samples"])[0]
               for r in rows if r["samples"] and not r["ours"]}
    for r in rows:
        how = ("ours" if r["ours"] else "peer") + (", process per call" if r["kind"] == "process"
                                                   else ", in-process")
        if not r["samples"]:
            out.append(f"| {r['name']} | {how} | | | | | | {_na(r['why_not'])} |")
            continue
        med, p25, p75, low = quantiles(r["samples"])
        note = ""
        if r["ours"]:
            faster = sorted((m, name) for (name, kind), m in medians.items()
                            if m < med and kind == r["kind"])
            if faster:
                note = "**slower than** " + ", ".join(f"{n} ({_fmt_ms(m)})" for m, n in faster)
            else:
                note = "faster than every peer of its kind"
        if r.get("why_not"):
            note += f" (a later round {r['why_not']})"
        out.append(
            f"| {r['name']} | {how} | {_fmt_ms(med)} | {_fmt_ms(p25)}–{_fmt_ms(p75)} "
            f"| {_fmt_ms(low)} | {r['requests'] / max(r['calls'], 1):.2f} "
            f"| {r['resumed']}/{r['handshakes']} | {note} |")
    return "\n".join(out)


def _median(values):
    return statistics.median(values) if values else None


def decode_rows(result):
    """Per format: the medians the tables and the chart need (MB/s)."""
    rows = []
    for fmt in FORMATS:
        row = result["formats"].get(fmt)
        if row is None:
            continue
        size = row["bytes"]
        core = row["core"]
        d = {"format": fmt, "bytes": size, "records": core["records"]}
        d["core_decode"] = [size / MB / (ms / 1000) for ms in core["decode_ms"]]
        core_call = _median(core["call_ms"])
        d["core_call_ms"] = core_call
        core_decode = _median(core["decode_ms"])
        for lang in ("python", "node"):
            got = row.get(lang, {})
            if "call_ms" in got:
                call = _median(got["call_ms"])
                d[f"{lang}_call_ms"] = call
                # What the binding adds to the core's call is converting into its objects.
                d[f"{lang}_decode_ms"] = core_decode + max(call - core_call, 0.0)
            else:
                d[f"{lang}_why_not"] = got.get("why_not", "not measured")
        for parser in ("json.loads", "JSON.parse"):
            got = row.get(parser)
            if got and "parse_ms" in got:
                d[parser] = [size / MB / (ms / 1000) for ms in got["parse_ms"]]
            elif got:
                d[f"{parser}_why_not"] = got["why_not"]
        for peer in ("requests", "fetch"):
            got = row.get(peer)
            if got and "call_ms" in got:
                d[f"{peer}_call_ms"] = _median(got["call_ms"])
            elif got:
                d[f"{peer}_why_not"] = got["why_not"]
        rows.append(d)
    return rows


def _rate(samples):
    med, p25, p75, _ = quantiles(samples)
    return f"{med:.0f} ({p25:.0f}–{p75:.0f})"


def decode_tables(result):
    rows = decode_rows(result)
    a = ["| format | body | core `decode_reply` | Python: decode + objects | "
         "Node: decode + objects | `json.loads` | `JSON.parse` | note |",
         "|---|---:|---:|---:|---:|---:|---:|---|"]
    for d in rows:
        size = d["bytes"] / MB
        cells = [d["format"], f"{size:.1f} MB", _rate(d["core_decode"])]
        ours = {"core": _median(d["core_decode"])}
        for lang in ("python", "node"):
            if f"{lang}_decode_ms" in d:
                rate = size / (d[f"{lang}_decode_ms"] / 1000)
                ours[lang] = rate
                cells.append(f"{rate:.0f}")
            else:
                cells.append(_na(d[f"{lang}_why_not"]))
        peers = {}
        for parser in ("json.loads", "JSON.parse"):
            if parser in d:
                peers[parser] = _median(d[parser])
                cells.append(_rate(d[parser]))
            else:
                cells.append(_na(d[f"{parser}_why_not"]) if f"{parser}_why_not" in d else "—")
        notes = []
        for who, rate in ours.items():
            slower = [p for p, r in peers.items() if r > rate]
            if slower:
                notes.append(f"**{who} slower than** {', '.join(slower)}")
        cells.append("; ".join(notes))
        a.append("| " + " | ".join(cells) + " |")

    b = ["| format | Rust core `run` | Python `call` | Node `call` | `requests.post` + JSON "
         "| `fetch` + `JSON.parse` | note |", "|---|---:|---:|---:|---:|---:|---|"]
    for d in rows:
        size = d["bytes"] / MB
        cells = [d["format"]]
        for key in ("core", "python", "node", "requests", "fetch"):
            ms = d.get(f"{key}_call_ms")
            if ms:
                cells.append(f"{ms:.0f} ms ({size / (ms / 1000):.0f} MB/s)")
            elif f"{key}_why_not" in d:
                cells.append(_na(d[f"{key}_why_not"]))
            else:
                cells.append("—")
        notes = []
        for ours, peer, label in (("python", "requests", "Python slower than requests.post"),
                                  ("node", "fetch", "Node slower than fetch")):
            mine, theirs = d.get(f"{ours}_call_ms"), d.get(f"{peer}_call_ms")
            if mine and theirs and mine > theirs:
                notes.append(f"**{label}**")
        cells.append("; ".join(notes))
        b.append("| " + " | ".join(cells) + " |")
    return "\n".join(a), "\n".join(b), rows


def memory_table(result):
    reply = result["reply_bytes"]
    out = ["| client | peak RSS | × reply | RSS before the call | growth × reply | time | note |",
           "|---|---:|---:|---:|---:|---:|---|"]
    peers = [r for r in result["rows"] if not r["ours"] and "maxrss_kib" in r]
    for r in result["rows"]:
        if "maxrss_kib" not in r:
            out.append(f"| {r['name']} | | | | | | {_na(r['why_not'])} |")
            continue
        peak = r["maxrss_kib"] * 1024
        before = r.get("rss_before_kib")
        growth = f"{(peak - before * 1024) / reply:.2f}" if before else "—"
        before_text = f"{before / 1024:.0f} MiB" if before else "—"
        note = ""
        if r["ours"]:
            lower = [p["name"] for p in peers if p["maxrss_kib"] < r["maxrss_kib"]]
            if lower:
                note = "**more than** " + ", ".join(lower)
        out.append(f"| {r['name']} | {peak / 2**20:.0f} MiB | {peak / reply:.2f} | {before_text} "
                   f"| {growth} | {r['ms'] / 1000:.2f} s | {note} |")
    return "\n".join(out)


def concurrency_rows(result):
    """Per client and N: the relative throughput of each round."""
    rows = []
    for r in result["rows"]:
        d = {"name": r["name"], "ours": r["ours"], "why_not": r["why_not"], "rel": {}}
        single = r["by_n"][1] if 1 in r["by_n"] else None
        if single and single["elapsed_ms"]:
            d["single_ms"] = _median([e / single["calls"] for e in single["elapsed_ms"]])
            for n, cell in r["by_n"].items():
                d["rel"][n] = [(cell["calls"] / e) / (n / d["single_ms"])
                               for e in cell["elapsed_ms"]]
                d.setdefault("max_in_flight", {})[n] = cell["max_in_flight"]
        rows.append(d)
    return rows


def concurrency_table(result):
    ns = [n for n in result["ns"] if n != 1]
    head = " | ".join(f"N={n}: relative (min–max), most in flight" for n in ns)
    out = [f"| client | N=1: ms per call | {head} | note |",
           "|---|---:|" + "---:|" * len(ns) + "---|"]
    rows = concurrency_rows(result)
    peers = [d for d in rows if not d["ours"] and d["rel"]]
    for d in rows:
        if not d["rel"]:
            out.append(f"| {d['name']} |" + " |" * (len(ns) + 1) + f" {_na(d['why_not'])} |")
            continue
        cells = [d["name"], f"{d['single_ms']:.0f}"]
        for n in ns:
            rel = d["rel"][n]
            cells.append(f"{statistics.median(rel):.2f} ({min(rel):.2f}–{max(rel):.2f}), "
                         f"{d['max_in_flight'][n]}")
        note = ""
        if d["ours"]:
            top = max(ns)
            better = [p["name"] for p in peers
                      if statistics.median(p["rel"][top]) > statistics.median(d["rel"][top])]
            if better:
                note = f"**below** {', '.join(better)} at N={top}"
        cells.append(note + (f" ({d['why_not']})" if d["why_not"] else ""))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def resumption_table(rows):
    out = ["| client | one client: ms/call | resumed/handshakes | new client per call: ms/call "
           "| resumed/handshakes | new − one |", "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        cells = [r["name"]]
        meds = []
        for key in ("reused", "new"):
            got = r[key]
            if got["samples"]:
                med = quantiles(got["samples"])[0]
                meds.append(med)
                cells += [_fmt_ms(med), f"{got['resumed']}/{got['handshakes']}"]
            else:
                cells += [_na(got["why_not"]), ""]
        cells.append(f"{meds[1] - meds[0]:+.2f} ms" if len(meds) == 2 else "")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)
