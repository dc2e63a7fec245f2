"""How merge time and memory grow with the number of source event records.

Run: python benchmarks/merge_scale.py [sizes...]      (default: 10000 100000 1000000)

Each size runs in a fresh process. It generates `synth_columns(n)` (not timed: the records
arrive in the columnar form the merge core works on), then times the core end to end —
blocking (candidate pairs), per-field scoring, and complete-linkage clustering — via
`cluster_arrays`. It does not time building pydantic Event or MergedEvent objects, which
`merge()` adds on top for callers that want records. Scoring includes placing villages at
the sites their reports name (`with_placed_towns`). Peak memory is the process's maximum
resident set size (getrusage ru_maxrss), generation included.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from synth import synth_columns

from conflictsum.merge.block import candidate_pairs
from conflictsum.merge.cluster import clusters_from_pairs, compatible_pairs, with_placed_towns


def run_one(n: int) -> None:
    """Merge n synthetic records and print one line of timings."""
    columns, _ = synth_columns(n, seed=1)
    t0 = time.perf_counter()
    i, j = candidate_pairs(columns)
    t1 = time.perf_counter()
    found = compatible_pairs(columns, i, j)
    # Villages the pairs place at sites, and the pairs they are in scored again.
    placed, ci, cj, score, weights, _ = with_placed_towns(columns, *found)
    t2 = time.perf_counter()
    labels = clusters_from_pairs(placed, ci, cj, score, weights)
    t3 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(columns):>9,} records  {len(i):>10,} candidate pairs  "
        f"{len(np.unique(labels)):>9,} merged  "
        f"block {t1 - t0:6.2f} s  score {t2 - t1:6.2f} s  cluster {t3 - t2:6.2f} s  "
        f"total {t3 - t0:6.2f} s  ({(t3 - t0) / len(columns) * 1e6:5.2f} µs/record)  "
        f"peak RSS {peak_mb:,.0f} MB",
        flush=True,
    )


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        run_one(int(sys.argv[2]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]
    for n in sizes:
        subprocess.run([sys.executable, str(Path(__file__)), "--one", str(n)], check=True)


if __name__ == "__main__":
    main()
