"""The `store.sqlite_executemany` line of ../shared/bench/peers/ingest_peers.py without pandas:
the same timed function (`sqlite_store`: fresh file, WAL, synchronous=NORMAL, WITHOUT ROWID
table, all rows in one executemany transaction) on the same rows, read untimed with the csv
module instead of pandas.read_csv (the reading is not part of the measurement).

Usage: python3 bench/store_peer.py PEERS_DIR CSV [RUNS]
"""
import csv
import os
import sys

peers, path = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
sys.path.insert(0, peers)
from common import emit, timeit  # noqa: E402
from ingest_peers import sqlite_store  # noqa: E402

with open(path, newline="") as f:
    r = csv.reader(f)
    next(r)
    rows = [(s, int(t), float(o), float(h), float(lo), float(c), int(v)) for s, t, o, h, lo, c, v in r]
db = os.path.join(os.environ.get("TMPDIR", "/tmp"), "peer_ingest_bench.sqlite")
times, cnt = timeit(lambda: sqlite_store(rows, db), runs, warmup=0)
assert cnt == len(rows)
emit("store.sqlite_executemany", len(rows), times, db_bytes=os.path.getsize(db))
for suffix in ("", "-wal", "-shm"):
    try:
        os.remove(db + suffix)
    except FileNotFoundError:
        pass
