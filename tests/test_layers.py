"""The layers import downwards only: ``core`` is the shared domain, ``ingest`` and ``api``
build on it, and the command line (``cli``) sits on top and wires them together."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests import REPO_ROOT

# layer -> the layers it must never import
FORBIDDEN = {
    "core": {"ingest", "api", "cli"},
    "ingest": {"api", "cli"},
    "api": {"cli"},
    "cli": set(),
}


def imported_layers(path: Path) -> set[tuple[int, str]]:
    """(line, layer) for each ``entanglements.<layer>`` this file imports."""
    found: set[tuple[int, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "entanglements" and len(parts) > 1:
                found.add((node.lineno, parts[1]))
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_above_it(layer: str) -> None:
    files = sorted((REPO_ROOT / layer).rglob("*.py"))
    assert files, f"no Python files under {layer}/"
    offences = [
        f"{path.relative_to(REPO_ROOT)}:{line} imports entanglements.{other}"
        for path in files
        for line, other in sorted(imported_layers(path))
        if other in FORBIDDEN[layer]
    ]
    assert not offences, "\n".join(offences)


def test_imports_use_the_one_namespace() -> None:
    """A bare ``import core`` would work in a checkout and break in a wheel."""
    bare = []
    for layer in FORBIDDEN:
        for path in sorted((REPO_ROOT / layer).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                module = node.module if isinstance(node, ast.ImportFrom) else None
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                for name in [module or "", *names]:
                    if name.split(".")[0] in FORBIDDEN or name == "cypher":
                        bare.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno} {name}")
    assert not bare, "\n".join(bare)


def test_the_rule_catches_an_upward_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from entanglements.api.app import create_app\nimport entanglements.cli\n")
    assert {layer for _, layer in imported_layers(sample)} == {"api", "cli"}
