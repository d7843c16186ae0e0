"""Python side of the benchmark harness: the virtualmin_remote package and `requests`, timed in
this process, one measurement per run. Prints one line of JSON for bench/run.py.

The server comes from VMR_BENCH_URL, VMR_BENCH_CA (the CA file every client verifies against)
and VMR_BENCH_PASSWORD. Usage:

    python_bench.py percall ours|requests|requests-session CALLS [new]
    python_bench.py decode ours FORMAT CALLS        the multiline listing in FORMAT, converted
    python_bench.py decode requests json CALLS      requests.post + json.loads of the same
    python_bench.py parse FILE ITERATIONS           json.loads of a saved body
    python_bench.py memory ours|requests            one call against the huge fault
    python_bench.py concurrency ours|requests THREADS CALLS
"""

import json
import os
import sys
import threading
import time

URL = os.environ["VMR_BENCH_URL"]
CA = os.environ["VMR_BENCH_CA"]
PASSWORD = os.environ["VMR_BENCH_PASSWORD"]
API = URL + "/virtual-server/remote.cgi"
# The same body our clients send for `list-domains --name-only` in JSON.
NAMES_BODY = "program=list-domains&name-only=&json=1"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def ours(fmt="json"):
    import virtualmin_remote

    return virtualmin_remote.Client(URL, "root", PASSWORD, ca_file=CA, format=fmt, timeout=120)


def ours_names(client):
    names = client.call("list-domains", name_only=True).names
    assert names, "list-domains --name-only listed nothing"


def requests_post(body, session=None):
    import requests

    post = session.post if session is not None else requests.post
    reply = post(API, data=body, headers=FORM, auth=("root", PASSWORD), verify=CA, timeout=120)
    reply.raise_for_status()
    return reply


def requests_names(session=None):
    data = requests_post(NAMES_BODY, session).json()
    assert data["status"] == "success" and data["data"], data


def ms(start):
    return (time.perf_counter() - start) * 1000.0


def percall(which, calls, new):
    samples = []
    if which == "ours":
        client = None if new else ours()
        if client is not None:
            ours_names(client)
        for _ in range(calls):
            start = time.perf_counter()
            ours_names(ours() if new else client)
            samples.append(ms(start))
    else:
        import requests

        # `requests.post` is what scripts write; requests-session keeps one Session for all.
        session = requests.Session() if which == "requests-session" else None
        requests_names(session)
        for _ in range(calls):
            start = time.perf_counter()
            requests_names(session)
            samples.append(ms(start))
    return {"samples_ms": samples}


def decode(which, fmt, calls):
    samples = []
    records = 0
    client = ours(fmt) if which == "ours" else None
    body = "program=list-domains&multiline=&json=1"
    for _ in range(calls):
        start = time.perf_counter()
        if client is not None:
            records = len(client.call("list-domains", multiline=True).records)
        else:
            records = len(requests_post(body).json()["data"])
        samples.append(ms(start))
    return {"call_ms": samples, "records": records}


def parse(path, iterations):
    with open(path, "rb") as f:
        raw = f.read()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        # NB: decoding the bytes is part of it: the binding gets bytes off the wire too.
        data = json.loads(raw.decode("utf-8"))
        samples.append(ms(start))
        del data
    return {"bytes": len(raw), "parse_ms": samples}


def rss_kib(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def memory(which):
    client = ours() if which == "ours" else None
    if client is None:
        import requests  # noqa: F401  (imported before the baseline is read)
    before = rss_kib("VmRSS:")
    start = time.perf_counter()
    if client is not None:
        reply = client.call("list-domains", multiline=True)
        records = len(reply.records)
    else:
        reply = requests_post("program=list-domains&multiline=&json=1")
        records = len(reply.json()["data"])
    elapsed = ms(start)
    return {
        "records": records,
        "rss_before_kib": before,
        "peak_kib": rss_kib("VmHWM:"),
        "ms": elapsed,
    }


def concurrency(which, threads, calls):
    if which == "ours":
        client = ours()
        one = lambda: ours_names(client)  # noqa: E731
    else:
        one = requests_names
    one()
    failures = []

    def worker():
        try:
            for _ in range(calls):
                one()
        except Exception as err:  # noqa: BLE001  (reported, then the run fails)
            failures.append(repr(err))

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = ms(start)
    if failures:
        raise SystemExit("calls failed: " + failures[0])
    return {"elapsed_ms": elapsed, "calls": threads * calls}


def main(argv):
    mode, rest = argv[0], argv[1:]
    if mode == "percall":
        out = percall(rest[0], int(rest[1]), len(rest) > 2 and rest[2] == "new")
    elif mode == "decode":
        out = decode(rest[0], rest[1], int(rest[2]))
    elif mode == "parse":
        out = parse(rest[0], int(rest[1]))
    elif mode == "memory":
        out = memory(rest[0])
    elif mode == "concurrency":
        out = concurrency(rest[0], int(rest[1]), int(rest[2]))
    else:
        raise SystemExit("unknown mode " + mode)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
