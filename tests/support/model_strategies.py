"""Hypothesis strategies for an API model, read from the model's own field bounds.

The bounds come from each field's annotation and its metadata (`Ge`, `Le`, `MaxLen`, a
pattern, a `Literal`'s values, `shared.bounds`' dates): change a bound in the model and the
values drawn follow, so a property test can never test yesterday's API.
"""

from __future__ import annotations

import math
import types
from datetime import date
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

# Long enough to cross any short limit; text past it is only slower to draw, not different.
LONGEST_TEXT = 80
LONGEST_LIST = 4
# Plain words and a little punctuation: free text checks refuse what looks like personal data,
# which a model's own validation filters out (see `valid`), so keep that rare.
M = TypeVar("M", bound=BaseModel)
WORDS = st.characters(categories=["L", "N", "Zs"], include_characters=".,-'()")


def _bounds(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found |= _bounds(item.metadata)
        for name in (
            "ge",
            "gt",
            "le",
            "lt",
            "min_length",
            "max_length",
            "pattern",
            "allow_inf_nan",
        ):
            if getattr(item, name, None) is not None and not isinstance(item, FieldInfo):
                found[name] = getattr(item, name)
    return found


def for_annotation(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    """Values of this annotation within the bounds its metadata sets."""
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        return for_annotation(inner, [*metadata, *extra])
    if origin in (Union, types.UnionType):
        return st.one_of(*(for_annotation(arm, metadata) for arm in get_args(annotation)))
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if annotation is type(None):
        return st.none()
    bound = _bounds(metadata)
    if origin is list:
        (item,) = get_args(annotation)
        most = min(bound.get("max_length", LONGEST_LIST), LONGEST_LIST)
        return st.lists(
            for_annotation(item, []), min_size=bound.get("min_length", 0), max_size=most
        )
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return fields_of(annotation)
    if annotation is bool:
        return st.booleans()
    if annotation is date:
        return st.dates(bound.get("ge", date.min), bound.get("le", date.max))
    if annotation is int:
        low = bound.get("ge", bound["gt"] + 1 if "gt" in bound else None)
        return st.integers(low, bound.get("le", bound["lt"] - 1 if "lt" in bound else None))
    if annotation is float:
        return _floats(bound)
    if annotation is str and "pattern" in bound:
        return st.from_regex(bound["pattern"], fullmatch=True)
    if annotation is str:
        longest = min(bound.get("max_length", LONGEST_TEXT), LONGEST_TEXT)
        return st.text(WORDS, min_size=bound.get("min_length", 0), max_size=longest)
    raise TypeError(f"no strategy for {annotation!r}: add one here")


def fields_of(
    model: type[BaseModel], **chosen: st.SearchStrategy[Any]
) -> st.SearchStrategy[dict[str, Any]]:
    """A dict of every field of the model, each drawn within its bounds unless `chosen`."""
    drawn = {
        name: chosen[name] if name in chosen else for_annotation(field.annotation, field.metadata)
        for name, field in model.model_fields.items()
    }
    return st.fixed_dictionaries(drawn)


def valid(model: type[M], **chosen: st.SearchStrategy[Any]) -> st.SearchStrategy[M]:
    """Requests the model accepts: drawn within its bounds, kept if its validators agree."""

    def accepted(values: dict[str, Any]) -> M | None:
        try:
            return model.model_validate(values)
        except ValueError:
            return None

    drawn = fields_of(model, **chosen).map(accepted)
    return drawn.filter(lambda request: request is not None)  # type: ignore[return-value]


def _floats(bound: dict[str, Any]) -> st.SearchStrategy[float]:
    low, high = bound.get("ge", bound.get("gt")), bound.get("le", bound.get("lt"))
    finite = st.floats(
        low, high, exclude_min="gt" in bound, exclude_max="lt" in bound, allow_nan=False,
        allow_infinity=False,
    )  # fmt: skip
    if not bound.get("allow_inf_nan", True):
        return finite
    # A side left open lets an infinity in (JSON bodies may say `Infinity`): draw it often,
    # not once in thousands.
    edges = [edge for edge, open_side in ((-math.inf, low), (math.inf, high)) if open_side is None]
    return st.sampled_from(edges) | finite if edges else finite
