from dataclasses import dataclass

import pytest

from shared.records import record_from


@dataclass(frozen=True, kw_only=True)
class Centre:
    code: str
    name: str
    frozen: bool = False


@dataclass(frozen=True)
class Source:
    code: str
    name: str
    owner: str


def test_a_record_takes_the_same_named_fields_of_another_and_ignores_the_rest() -> None:
    assert record_from(Centre, Source("CS-FIN-01", "Finance", "CS")) == Centre(
        code="CS-FIN-01", name="Finance"
    )


def test_changes_replace_what_the_source_says() -> None:
    centre = record_from(Centre, Source("CS-FIN-01", "Finance", "CS"), name="Other", frozen=True)
    assert centre == Centre(code="CS-FIN-01", name="Other", frozen=True)


def test_a_required_field_the_source_lacks_fails_naming_it() -> None:
    with pytest.raises(TypeError, match="code"):
        record_from(Centre, object(), name="Finance")
