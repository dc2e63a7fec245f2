"""The offline demo: the bundled seed articles through the whole pipeline, replaying cassettes.

The answers replayed here were written by hand to show what a strong model returns
(see cassettes/authored/README.md); they are not recordings of a model. The library's
checks, date resolution, grounding and merge all run for real on them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import instructor

from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Article, ArticleSummary
from conflictsum.places import load_aliases

# The loopback address the authored answers were served from when their cassette was made.
AUTHORED_BASE_URL = "http://127.0.0.1:8765/v1"
AUTHORED_MODEL = "authored-strong-model"
SEEDS_CASSETTE = ("cassettes", "authored", "seeds.yaml")


def bundled_path(*parts: str) -> Path:
    """Locate a bundled file: inside the installed wheel, else in the source checkout."""
    packaged = Path(str(resources.files("conflictsum"))) / "_bundled" / Path(*parts)
    if packaged.exists():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / Path(*parts)
    if checkout.exists():
        return checkout
    raise FileNotFoundError(f"bundled file {'/'.join(parts)} is missing from this install")


def seed_articles() -> list[Article]:
    """The two seed articles shipped with conflictsum, oldest first."""
    folder = bundled_path("seeds")
    return [Article.from_file(p, source=p.name) for p in sorted(folder.glob("*.txt"))]


def authored_summarizer() -> Summarizer:
    """A Summarizer pointed at the address the authored answers were recorded from.

    It uses the user alias table shipped with the seeds (``seeds/places.yaml``), which gives
    the bases the articles name (al-Omar oil field, Green Village) coordinates no gazetteer has.
    """
    return Summarizer(
        model=AUTHORED_MODEL,
        base_url=AUTHORED_BASE_URL,
        api_key="authored",
        mode=instructor.Mode.TOOLS,
        aliases=load_aliases(bundled_path("seeds", "places.yaml")),
    )


def summarize_seeds(summarizer: Summarizer) -> list[ArticleSummary]:
    """Summarize the seeds one by one, as the demo cassette was recorded."""
    return summarizer.summarize_many(seed_articles(), concurrency=1, progress=False)


def run_demo() -> list[ArticleSummary]:
    """Summarize the seeds offline by replaying the bundled cassette of authored answers."""
    from conflictsum._replay import make_vcr

    cassette = bundled_path(*SEEDS_CASSETTE)
    with make_vcr(record_mode="none").use_cassette(str(cassette)):
        return summarize_seeds(authored_summarizer())
