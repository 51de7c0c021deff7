"""The layout ARCHITECTURE.md describes: which room may import which, small rooms, a short top level."""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, Set, Tuple

import pytest

from tests.conftest import ROOT

OURS = {"core", "nlu", "safety", "voice", "frontends", "rasa_compat", "tools", "cli"}
ALLOWED: Dict[str, Set[str]] = {
    "core": {"rasa_compat", "safety"},
    "nlu": {"core", "safety"},
    "safety": set(),
    "voice": {"core", "safety"},
    "frontends": {"core", "voice", "safety"},
    "rasa_compat": set(),
    "tools": OURS - {"cli"} | {"actions"},
    "cli": OURS | {"actions"},
    "actions": {"core", "safety"},
}
"""Room -> the rooms of ours it may import (ARCHITECTURE.md, "Rooms")."""


def _may_import(room: str, target: str) -> bool:
    """``rasa`` everywhere but in actions (the action server is its own process, with rasa_sdk only);
    ``rasa_sdk`` in actions and in core, which starts the action server."""
    if target == "rasa":
        return room != "actions"
    if target == "rasa_sdk":
        return room in {"actions", "core"}
    if target in OURS | {"actions"}:
        return target == room or target in ALLOWED[room]
    return True


def _room(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return "actions" if parts[0] == "actions" else parts[1]


def _imports(path: Path) -> Iterator[Tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)


def _target(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "assistant" and len(parts) > 1 and parts[1] in OURS:
        return parts[1]
    return parts[0]


def _code() -> Iterator[Path]:
    yield from sorted((ROOT / "assistant").rglob("*.py"))
    yield from sorted((ROOT / "actions").rglob("*.py"))


def test_each_room_imports_only_what_it_may() -> None:
    broken = []
    for path in _code():
        room = _room(path)
        if room not in ALLOWED:
            continue  # assistant/__init__.py
        for line, module in _imports(path):
            if not _may_import(room, _target(module)):
                broken.append(f"{path.relative_to(ROOT)}:{line} ({room}) imports {module}")
    assert broken == []


def test_no_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _code() if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


def test_the_top_level_is_a_handful_of_packages() -> None:
    modules = sorted(p.name for p in (ROOT / "assistant").glob("*.py"))
    packages = sorted(p.name for p in (ROOT / "assistant").iterdir() if (p / "__init__.py").exists())
    assert len(modules) <= 6, modules
    assert set(packages) == OURS, packages


@pytest.mark.parametrize("room", sorted(OURS))
def test_every_room_says_what_it_holds(room: str) -> None:
    init = (ROOT / "assistant" / room / "__init__.py").read_text()
    assert ast.get_docstring(ast.parse(init)), f"assistant/{room}/__init__.py needs a docstring"
