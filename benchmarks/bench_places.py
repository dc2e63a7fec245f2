"""Benchmark place resolution: index build and load, first resolution, throughput, memory.

    python benchmarks/bench_places.py [--n 100000] [--seed 0] [--cache-dir DIR]

Index: the cold build (what the first process on a machine pays), saving it, and loading
the saved copy (what every later process pays). First resolution: a new Python process
imports conflictsum and resolves one name, with the saved index in place and, for
comparison, with none. The saved index goes to a temporary folder unless --cache-dir says
where (the user's own cache is left alone).

Throughput: draws N locations the way extracted events name them: gazetteer cities by
their own name (weighted by population, so big cities recur), with and without a country;
alternate spellings and transliteration variants ("al-" added, ou/ee/ey spellings,
hyphens); "X province" and "eastern X"; countries; facilities with and without an alias
table; made-up names with and without a country. Two runs: a realistic stream (names
recur, as in a corpus) and a cold run over N all-distinct names with the result caches
cleared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conflictsum import places
from conflictsum.models import Location

ROOT = Path(__file__).resolve().parents[1]
CONFLICT = ["SY", "IQ", "YE", "LB", "PS", "IL", "JO", "UA", "SD", "SO", "AF", "LY", "MM", "NG"]
SITES = ["Green Village", "al-Omar oil field", "Omar oilfield", "Tower 22", "Zeinabiyah"]
SYLLABLES = ["qar", "yat", "khal", "zour", "bir", "tell", "ain", "umm", "jeb", "wadi", "nah"]


def _rss_mib() -> float:
    # ru_maxrss is the process's peak resident set, in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _respell(name: str, rng: random.Random) -> str:
    """A transliteration variant as another outlet might write it."""
    s = name
    for a, b in [("ou", "u"), ("i", "ee"), ("ay", "ei"), ("a", "e"), ("-", " "), ("q", "k")]:
        if a in s and rng.random() < 0.4:
            s = s.replace(a, b, 1)
    if rng.random() < 0.3:
        s = "al-" + s
    return s.upper() if rng.random() < 0.05 else s


def draw(n: int, rng: random.Random, *, distinct: bool) -> list[Location]:
    """N locations; with distinct=True every (name, country, admin1) occurs once."""
    g = places._gazetteer()
    pool = [i for cc in CONFLICT for i in g.by_country.get(cc, [])]
    everywhere = list(range(len(g.cities)))
    weights = [max(g.cities[i].population, 1) ** 0.5 for i in pool]
    subs = [code for code, s in g.subdivisions.items() if s[1] in CONFLICT and s[3] is None]
    countries = list(g.country_names.values())
    seen: set[tuple[str, str | None, str | None]] = set()
    out: list[Location] = []
    r = rng.random()
    tries = 0
    while len(out) < n:
        country: str | None = None
        admin1: str | None = None
        i = rng.choices(pool, weights)[0] if r < 0.7 and not distinct else rng.choice(everywhere)
        city = g.cities[i]
        if r < 0.35:
            name, country = city.name, g.country_names[city.cc]
        elif r < 0.45:
            name = city.name
        elif r < 0.60:
            name, country = _respell(city.name, rng), g.country_names[city.cc]
        elif r < 0.70:
            name = _respell(city.name, rng)
        elif r < 0.76:
            name = rng.choice(["", "eastern ", "rural "]) + g.subdivisions[rng.choice(subs)][0]
            name += rng.choice(["", " province", " governorate"])
        elif r < 0.80:
            name = rng.choice(["", "eastern ", "northern "]) + rng.choice(countries)
        elif r < 0.85:
            name, country = rng.choice(SITES), "Syria"
        elif r < 0.95:
            name = "".join(rng.choice(SYLLABLES) for _ in range(3)).title()
            country = g.country_names[city.cc]
            admin1 = g.subdivisions[rng.choice(subs)][0] if rng.random() < 0.3 else None
        else:
            name = "Camp " + "".join(rng.choice(SYLLABLES) for _ in range(2)).title()
        key = (name, country, admin1)
        # Distinct runs redraw within the same kind, so the mix of kinds stays the same
        # (the few kinds with too few distinct names give up after a while).
        if distinct and key in seen:
            tries += 1
            if tries < 50:
                continue
        else:
            seen.add(key)
            out.append(Location(name=name, country=country, admin1=admin1))
        r, tries = rng.random(), 0
    return out


def _run(locations: list[Location], aliases: places.Aliases) -> tuple[float, dict[str, int]]:
    tally: dict[str, int] = {}
    start = time.perf_counter()
    for loc in locations:
        out = places.resolve_location(loc, aliases=aliases)
        kind = "unresolved" if out.place_id is None else out.precision
        tally[kind] = tally.get(kind, 0) + 1
    return time.perf_counter() - start, tally


# A new process: import conflictsum, resolve one name the way extraction does.
FIRST_RESOLUTION = """
import json, time
t0 = time.perf_counter()
from conflictsum import places
t1 = time.perf_counter()
place = places.resolve_place("Deir el-Zour", country="Syria")
t2 = time.perf_counter()
assert place is not None and place.id == "geonames:170794", place
print(json.dumps({"import": t1 - t0, "first": t2 - t1}))
"""


def _first_resolution(cache_dir: Path) -> dict[str, float]:
    env = {**os.environ, "CONFLICTSUM_CACHE_DIR": str(cache_dir)}
    run = subprocess.run(
        [sys.executable, "-c", FIRST_RESOLUTION],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(run.stderr)
    times: dict[str, float] = json.loads(run.stdout)
    return times


def _index_times(cache_dir: Path) -> None:
    """Cold build, save, load; then a new process's first resolution, warm and cold."""
    os.environ["CONFLICTSUM_CACHE_DIR"] = str(cache_dir)
    path = places._index_path()
    assert path is not None
    start = time.perf_counter()
    with places._collector_paused():
        built = places._build_gazetteer()
    build = time.perf_counter() - start
    start = time.perf_counter()
    saved = places._save_index(path, built)
    save = time.perf_counter() - start
    if not saved:
        raise SystemExit(f"cannot write the index to {cache_dir}")
    loads = []
    loaded = None
    for _ in range(3):
        loaded = None  # one copy at a time, as in a process that loads it
        start = time.perf_counter()
        loaded = places._load_index(path)
        loads.append(time.perf_counter() - start)
    if loaded != built:
        raise SystemExit("the loaded index differs from the one built")
    del built
    # The runs below use the loaded index, as every process but the first on a machine does.
    places._set_index(loaded)
    size = path.stat().st_size / 2**20
    print(f"index cold build (cities, countries, subdivisions): {build:.2f} s")
    print(f"index save: {save:.2f} s ({size:.1f} MiB, {path})")
    print(f"index load from the disk cache: {statistics.median(loads):.2f} s "
          f"(median of 3; min {min(loads):.2f} s)")  # fmt: skip

    warm = [_first_resolution(cache_dir) for _ in range(3)]
    first = statistics.median(w["first"] for w in warm)
    imports = statistics.median(w["import"] for w in warm)
    print(f"first resolution in a new process, disk cache warm: {first:.2f} s "
          f"(median of 3; importing conflictsum before it: {imports:.2f} s)")  # fmt: skip
    with tempfile.TemporaryDirectory() as empty:
        cold = _first_resolution(Path(empty))
    print(
        f"first resolution in a new process, no disk cache:   {cold['first']:.2f} s "
        "(builds and saves the index)"
    )


def main(argv: list[str] | None = None) -> int:
    """Print index build and load times, first resolution, throughput and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache-dir", type=Path, help="where to save the index (default: temp)")
    args = parser.parse_args(argv)

    rss0 = _rss_mib()
    if args.cache_dir is not None:
        _index_times(args.cache_dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            _index_times(Path(tmp))
    start = time.perf_counter()
    coverage = places.admin1_coverage()
    admin_build = time.perf_counter() - start
    rss_built = _rss_mib()
    aliases = places.load_aliases(ROOT / "seeds" / "places.yaml")
    mapped = sum(m for m, _ in coverage.values())
    total = sum(t for _, t in coverage.values())
    print(f"admin1 GeoNames→ISO tables, all countries: {admin_build:.2f} s "
          f"({mapped}/{total} GeoNames admin1 codes mapped)")  # fmt: skip
    print(f"peak RSS: {rss0:.0f} MiB before, {rss_built:.0f} MiB after build and load")

    rng = random.Random(args.seed)
    stream = draw(args.n, rng, distinct=False)
    distinct = len({(x.name, x.country, x.admin1) for x in stream})
    elapsed, tally = _run(stream, aliases)
    print(f"\nrealistic stream: {args.n:,} locations ({distinct:,} distinct) in {elapsed:.2f} s "
          f"= {args.n / elapsed:,.0f}/s")  # fmt: skip
    print("  outcome:", ", ".join(f"{k} {v:,}" for k, v in sorted(tally.items())))

    cold = draw(args.n, rng, distinct=True)
    places._resolve_cached.cache_clear()
    places.fold_place_name.cache_clear()
    places.place_name_key.cache_clear()
    elapsed, tally = _run(cold, aliases)
    print(f"cold run: {args.n:,} distinct locations, caches cleared, in {elapsed:.2f} s "
          f"= {args.n / elapsed:,.0f}/s")  # fmt: skip
    print("  outcome:", ", ".join(f"{k} {v:,}" for k, v in sorted(tally.items())))
    print(f"\npeak RSS at the end: {_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
