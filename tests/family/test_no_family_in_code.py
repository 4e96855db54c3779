"""No report family is spelled out in code: its facts come from its spec.

Every string literal of the package's Python (docstrings aside) is checked against what
the shipped specs say of their families: the family's name, its SDMX ids and names, its
measure codes and its wording. A literal that repeats one is a second home for a fact
that a new family would have to change in code.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "publisher"
SPECS = sorted((PACKAGE / "specs").glob("*.toml"))
# Words every Nav family shares (a keyword "Nav"), not a fact of one family.
GENERIC = {"Nav"}


def _facts(spec: Path) -> set[str]:
    """What a spec file says that code must not: read with tomllib, not with the publisher."""
    data = tomllib.loads(spec.read_text(encoding="utf-8"))
    facts = {data["family"], *data["measures"].values()}
    for value in data["structure"].values():
        facts |= set(value.values()) if isinstance(value, dict) else {value}
    for key, value in data["wording"].items():
        if key == "unit":
            continue  # "persons" also counts hidden cells in the confidentiality policy's notes
        if isinstance(value, dict):
            facts |= set(value.values())
        elif isinstance(value, list):
            facts |= set(value)
        else:
            facts.add(value)
    return facts - GENERIC


def _literals(path: Path) -> Iterator[tuple[int, str]]:
    """Every string constant of a module but its docstrings, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def test_the_specs_have_facts_to_look_for() -> None:
    assert SPECS and all(len(_facts(spec)) > 10 for spec in SPECS)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_no_string_literal_repeats_a_family_fact(spec: Path) -> None:
    facts = _facts(spec)
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in _literals(path)
        if any(fact in text for fact in facts)
    ]
    assert found == []


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_no_template_repeats_a_family_fact(spec: Path) -> None:
    facts = _facts(spec)
    found = [
        f"{path.name}: {fact!r}"
        for path in sorted((PACKAGE / "_templates").iterdir())
        for fact in sorted(facts)
        if fact in path.read_text(encoding="utf-8")
    ]
    assert found == []


def test_the_scan_finds_a_literal_it_looks_for(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text('"""TILT in a docstring is fine."""\nDSD = "DSD_TILT"\n', encoding="utf-8")
    assert list(_literals(module)) == [(2, "DSD_TILT")]
    assert "DSD_TILT" in _facts(PACKAGE / "specs" / "TILT.toml")
