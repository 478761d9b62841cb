#!/usr/bin/env python3
"""Login flood against a running `harbinger serve`: how many logins per second it sustains, and
what that does to the p99 of a cached API read (market bars served from the cache).

    bench/login_flood.py URL [SECONDS] [LOGIN_THREADS] [LOGINS_PER_S]

Without LOGINS_PER_S the threads log in as fast as the server answers; with it they are paced
to that total rate.

Phase 1 measures the read alone; phase 2 the same reads during a flood of valid logins. The
login threads run in a child process: sharing the reader's interpreter, they would hold its
global lock and add up to its 5 ms switch interval to the read latency being measured.
Prints JSON lines (name, points, seconds, points_per_s, p50_ms, p99_ms) and the ratio.
Standard library only."""

import json
import multiprocessing
import statistics
import sys
import threading
import time
import urllib.request

URL = sys.argv[1].rstrip("/")
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 15.0
THREADS = int(sys.argv[3]) if len(sys.argv) > 3 else 8
RATE = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
PASSWORD = "flood-benchmark-violet-sextant-42"
READ = "/api/v1/market/AAPL/bars?interval=1d&from=2016-01-01&to=2016-12-31"


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as res:
        res.read()
        return res.status


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(p * len(s)))] * 1000.0 if s else float("nan")


def reads(stop, out, every=0.02):
    while not stop.is_set():
        t = time.perf_counter()
        call("GET", READ)
        out.append(time.perf_counter() - t)
        time.sleep(max(0.0, every - (time.perf_counter() - t)))


def logins(stop, email, count):
    every = THREADS / RATE if RATE > 0 else 0.0
    while not stop.is_set():
        t = time.perf_counter()
        call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
        count.append(1)
        time.sleep(max(0.0, every - (time.perf_counter() - t)))


def flood(stop, total, emails):
    """The login threads, in their own process; the number of logins is left in `total`."""
    count = []
    workers = [threading.Thread(target=logins, args=(stop, e, count)) for e in emails]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    total.value = len(count)


def line(name, points, seconds, lat=None):
    row = {"name": name, "points": points, "seconds": round(seconds, 3),
           "points_per_s": round(points / seconds, 1)}
    if lat is not None:
        row["p50_ms"] = round(statistics.median(lat) * 1000.0, 3)
        row["p99_ms"] = round(pct(lat, 0.99), 3)
    print(json.dumps(row), flush=True)
    return row


def main():
    emails = [f"flood{i}@example.net" for i in range(THREADS)]
    for e in emails:
        call("POST", "/api/v1/auth/register", {"email": e, "password": PASSWORD})
    for _ in range(20):  # warm the cache
        call("GET", READ)

    stop, base = threading.Event(), []
    t = threading.Thread(target=reads, args=(stop, base))
    t.start()
    time.sleep(SECONDS)
    stop.set()
    t.join()
    b = line("harbinger.cached_read.unloaded", len(base), SECONDS, base)

    stop, total = multiprocessing.Event(), multiprocessing.Value("i", 0)
    logging_in = multiprocessing.Process(target=flood, args=(stop, total, emails))
    done_reading, loaded = threading.Event(), []
    reader = threading.Thread(target=reads, args=(done_reading, loaded))
    start = time.perf_counter()
    logging_in.start()
    reader.start()
    time.sleep(SECONDS)
    stop.set()
    done_reading.set()
    reader.join()
    logging_in.join()
    took = time.perf_counter() - start
    line("harbinger.login.flood", total.value, took)
    l = line("harbinger.cached_read.during_login_flood", len(loaded), took, loaded)
    print(json.dumps({"name": "ratio.cached_read_p99.loaded_over_unloaded",
                      "ratio": round(l["p99_ms"] / b["p99_ms"], 2)}), flush=True)


if __name__ == "__main__":
    main()
