"""Docs that run: every ```python block of README.md and docs/*.md is executed, offline.

The convention, for anyone writing docs:

* A block fenced ```python runs. The blocks of one file run in order in one namespace,
  so a later block may use what an earlier one defined, in a fresh temporary directory
  that holds a link to the repository's ``seeds/`` (paths such as
  ``seeds/003_f0a96038b6aa46b8.txt`` work as they do from a checkout).
* A block fenced ```python no-run is shown, not run: use it for code that needs a live
  model, an API key or the network. The suite runs with ``--block-network``.
* Blocks in any other language (bash, console, text) are not run.

docs/schema.md is generated; the last test fails when it is stale.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
OPTIONS = {"no-run"}


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(first line number, code) of each runnable ```python block, in order."""
    blocks = []
    for match in FENCE.finditer(text):
        language, *options = match["info"].split() or [""]
        if language != "python":
            continue
        unknown = set(options) - OPTIONS
        if unknown:
            raise ValueError(f"unknown option {sorted(unknown)} on a python block")
        if "no-run" not in options:
            blocks.append((text.count("\n", 0, match.start("body")) + 1, match["body"]))
    return blocks


def test_the_fence_convention() -> None:
    text = "a\n```python\nx = 1\n```\n```python no-run\nlive()\n```\n```bash\nls\n```\n"
    assert python_blocks(text) == [(3, "x = 1\n")]
    with pytest.raises(ValueError, match="no_run"):
        python_blocks("```python no_run\nx\n```\n")


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_code_blocks_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for line, code in python_blocks(path.read_text(encoding="utf-8")):
        # Padding the code to its line in the file makes a traceback point into the doc.
        exec(compile("\n" * (line - 1) + code, str(path), "exec"), namespace)


def test_schema_reference_is_current() -> None:
    # The script is loaded in-process: a subprocess would import the package a second time.
    script = ROOT / "scripts" / "gen-schema-docs"
    loader = importlib.machinery.SourceFileLoader("gen_schema_docs", str(script))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    current = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert module.render() == current, "docs/schema.md is stale: run scripts/gen-schema-docs"
