"""BENCHMARKS.png: the four measures at a glance (per-call cost, decode throughput, peak memory,
concurrency), ours in one colour and the peers in another."""

import statistics

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

from .measures import quantiles  # noqa: E402
from .report import concurrency_rows, decode_rows  # noqa: E402

OURS, PEER = "#2b6cb0", "#c05621"


def _percall(ax, rows):
    rows = [r for r in rows if r["samples"]][::-1]
    names = [r["name"] for r in rows]
    med = [quantiles(r["samples"])[0] for r in rows]
    low = [m - quantiles(r["samples"])[1] for m, r in zip(med, rows)]
    high = [quantiles(r["samples"])[2] - m for m, r in zip(med, rows)]
    ax.barh(names, med, xerr=[low, high], color=[OURS if r["ours"] else PEER for r in rows],
            capsize=2)
    ax.set_xscale("log")
    ax.set_xlabel("ms per call (median, p25–p75), log scale")
    ax.set_title("Per-call cost: list-domains --name-only")
    for i, (m, h) in enumerate(zip(med, high)):
        ax.text((m + h) * 1.1, i, f"{m:.1f}", va="center", fontsize=7)


def _decode(ax, result):
    rows = decode_rows(result)
    series = [("core decode_reply", OURS, lambda d: statistics.median(d["core_decode"])),
              ("Python decode + objects", "#4299e1",
               lambda d: d["bytes"] / 1e6 / (d["python_decode_ms"] / 1000)
               if "python_decode_ms" in d else 0),
              ("Node decode + objects", "#90cdf4",
               lambda d: d["bytes"] / 1e6 / (d["node_decode_ms"] / 1000)
               if "node_decode_ms" in d else 0),
              ("json.loads", PEER,
               lambda d: statistics.median(d["json.loads"]) if "json.loads" in d else 0),
              ("JSON.parse", "#ed8936",
               lambda d: statistics.median(d["JSON.parse"]) if "JSON.parse" in d else 0)]
    width = 0.16
    for i, (label, colour, value) in enumerate(series):
        xs = [j + (i - 2) * width for j in range(len(rows))]
        ax.bar(xs, [value(d) for d in rows], width, label=label, color=colour)
    ax.set_xticks(range(len(rows)), [f"{d['format']}\n{d['bytes'] / 1e6:.0f} MB" for d in rows])
    ax.set_ylabel("MB/s (median)")
    ax.set_title(f"Decode throughput: list-domains --multiline, {result['domains']} servers")
    ax.legend(fontsize=7)


def _memory(ax, result):
    rows = [r for r in result["rows"] if "maxrss_kib" in r][::-1]
    values = [r["maxrss_kib"] * 1024 / result["reply_bytes"] for r in rows]
    ax.barh([r["name"] for r in rows], values,
            color=[OURS if r["ours"] else PEER for r in rows])
    ax.set_xlabel("peak RSS ÷ reply size")
    ax.set_title(f"Peak memory, one {result['reply_bytes'] // 2**20} MiB reply")
    for i, v in enumerate(values):
        ax.text(v * 1.02, i, f"{v:.2f}×", va="center", fontsize=7)


def _concurrency(ax, result):
    for d in concurrency_rows(result):
        if not d["rel"]:
            continue
        ns = sorted(d["rel"])
        ax.plot(ns, [statistics.median(d["rel"][n]) for n in ns], marker="o",
                label=d["name"], linestyle="-" if d["ours"] else "--")
    ax.set_xscale("log", base=2)
    ax.set_xticks(result["ns"], [str(n) for n in result["ns"]])
    ax.set_ylim(0, 1.1)
    ax.set_xlabel("calls in flight (N)")
    ax.set_ylabel("throughput ÷ (N × single-call rate)")
    ax.set_title(f"Concurrency against a {result['delay_ms']} ms server delay")
    ax.legend(fontsize=6)


def draw(path, percall, decode, memory, concurrency):
    fig, axes = plt.subplots(2, 2, figsize=(15, 10.5))
    _percall(axes[0][0], percall)
    _decode(axes[0][1], decode)
    _memory(axes[1][0], memory)
    _concurrency(axes[1][1], concurrency)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
