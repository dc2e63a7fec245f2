"""The layering of DESIGN.md, checked: pure layers never import the I/O layer or its clients."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "conflictsum"
IO_MODULES = ("openai", "instructor", "httpx", "httpx2", "conflictsum.extract", "conflictsum.cli")
PURE = [
    "models.py",
    "_types.py",
    "dates.py",
    "grounding.py",
    "places.py",
    "export.py",
    "report.py",
    *(str(p.relative_to(SRC)) for p in sorted((SRC / "merge").glob("*.py"))),
]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE)
def test_pure_layers_do_not_import_io(module: str) -> None:
    imported = _imports(SRC / module)
    bad = {m for m in imported if any(m == io or m.startswith(io + ".") for io in IO_MODULES)}
    assert not bad, f"{module} imports {sorted(bad)}"


def test_models_import_only_pydantic_and_the_standard_library() -> None:
    third_party = {m.split(".")[0] for m in _imports(SRC / "models.py")} - {
        "__future__",
        "datetime",
        "email",
        "hashlib",
        "re",
        "pathlib",
        "typing",
        "pydantic",
        "conflictsum",
    }
    assert not third_party


def _module_level_imports(path: Path) -> set[str]:
    """Top-level packages a module imports when it is imported (not in functions or
    TYPE_CHECKING blocks, where optional extras such as pandas are imported)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_every_package_imported_at_import_time_is_a_declared_dependency() -> None:
    # A plain `pip install .` once lacked numpy, which only the test extra brought in
    # (through pandas): the suite passed while `scripts/demo` failed on a fresh machine.
    declared = {
        re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-")
        for spec in tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text())["project"][
            "dependencies"
        ]
    }
    distributions = metadata.packages_distributions()
    missing = {}
    for path in sorted(SRC.rglob("*.py")):
        for module in _module_level_imports(path) - set(sys.stdlib_module_names) - {"conflictsum"}:
            names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
            if not names & declared:
                missing[module] = str(path.relative_to(SRC))
    assert not missing, f"imported but not in [project] dependencies: {missing}"
