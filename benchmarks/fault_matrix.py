"""The fault matrix: one article per fault against a loopback fault server, sync and async.

Run: python benchmarks/fault_matrix.py [--timeout S] [--http-retries N] [--max-attempts N]

For each fault (tests/fault_server.py plays it) the table shows the outcome the library
reported, how many faulty replies were injected, how many requests the article cost, and
whether it recovered, ended in a typed failure or was lost. Exits 1 if any article was
lost or ended otherwise than expected. Offline, loopback only, a few seconds.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

# The fault server lives with the tests; this script is run from a source checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fault_server import format_matrix, run_faults


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=1.0, help="client timeout, seconds")
    parser.add_argument("--http-retries", type=int, default=2, help="transport retries allowed")
    parser.add_argument("--max-attempts", type=int, default=3, help="model attempts per article")
    args = parser.parse_args()
    # instructor logs each failed call at ERROR; here every failure is injected on purpose.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    failed = False
    for twin in ("sync", "async"):
        start = time.perf_counter()
        run = run_faults(
            twin,
            timeout=args.timeout,
            http_retries=args.http_retries,
            max_attempts=args.max_attempts,
        )
        rows = run.rows()
        title = (
            f"{twin}: {len(rows)} articles, {time.perf_counter() - start:.1f} s, at most "
            f"{run.request_bound} requests an article"
        )
        print(format_matrix(rows, title), end="\n\n")
        failed |= any(r.lost or r.outcome != r.expected for r in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
