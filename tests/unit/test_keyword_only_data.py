"""Dataclasses with more than three fields are keyword-only: a long positional call is a bug
waiting (swap two strings and nothing notices)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MOST_POSITIONAL_FIELDS = 3


def _dataclass_decorator(node: ast.ClassDef) -> ast.expr | None:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
        if name == "dataclass":
            return decorator
    return None


def _is_keyword_only(decorator: ast.expr) -> bool:
    return isinstance(decorator, ast.Call) and any(
        keyword.arg == "kw_only" and getattr(keyword.value, "value", False) is True
        for keyword in decorator.keywords
    )


def _field_count(node: ast.ClassDef) -> int:
    return sum(
        1
        for statement in node.body
        if isinstance(statement, ast.AnnAssign) and "ClassVar" not in ast.unparse(statement)
    )


def _positional_dataclasses(*folders: str) -> Iterator[str]:
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if not isinstance(node, ast.ClassDef):
                    continue
                decorator = _dataclass_decorator(node)
                if decorator is None or _is_keyword_only(decorator):
                    continue
                if _field_count(node) > MOST_POSITIONAL_FIELDS:
                    yield f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"


def test_every_dataclass_with_more_than_three_fields_is_keyword_only() -> None:
    offenders = list(_positional_dataclasses("services", "shared"))
    assert offenders == [], "add kw_only=True to @dataclass: " + ", ".join(offenders)


def test_the_check_sees_a_positional_dataclass_with_four_fields() -> None:
    fields = "".join(f"    {name}: int\n" for name in "abcd")
    source = f"@dataclass(frozen=True)\nclass Wide:\n{fields}"
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.ClassDef)
    decorator = _dataclass_decorator(node)
    assert decorator is not None
    assert not _is_keyword_only(decorator)
    assert _field_count(node) == 4
