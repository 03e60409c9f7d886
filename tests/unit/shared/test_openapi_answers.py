"""Each service's OpenAPI document gives every answer its routes can give: the token and role
refusals, an unknown id, a refused change, a body over the limit, and a 422 that is either
FastAPI's validation error or a refusal's plain message."""

from __future__ import annotations

from typing import Any

from services.hr.app import HrSettings
from services.hr.app import create_app as hr_app
from services.workflow.app import WorkflowSettings
from services.workflow.app import create_app as workflow_app


def operations() -> dict[str, Any]:
    document = hr_app(HrSettings(database_url="sqlite://", topic_prefix="")).openapi()
    return dict(document["paths"])


def test_a_change_by_post_number_documents_every_refusal() -> None:
    answers = operations()["/posts/{post_number}"]["patch"]["responses"]
    assert set(answers) == {"200", "400", "401", "403", "404", "409", "413", "422"}
    assert answers["403"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Refusal"
    }
    shapes = answers["422"]["content"]["application/json"]["schema"]["anyOf"]
    assert {"$ref": "#/components/schemas/Refusal"} in shapes
    assert {"$ref": "#/components/schemas/HTTPValidationError"} in shapes


def test_a_read_documents_no_change_refusal_and_health_documents_being_down() -> None:
    paths = operations()
    assert set(paths["/posts"]["get"]["responses"]) == {"200", "401", "403", "422"}
    assert set(paths["/health"]["get"]["responses"]) == {"200", "503"}, "public: no 401"


def test_routes_of_included_routers_are_documented_too() -> None:
    app = workflow_app(WorkflowSettings(database_url="sqlite://", topic_prefix=""))
    letters = app.openapi()["paths"]["/operations/dead-letters/{letter_id}/redrive"]["post"]
    assert {"202", "401", "403", "404", "409", "413", "422"} <= set(letters["responses"])
