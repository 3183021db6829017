"""examples/fastapi_app.py, driven over HTTP with FastAPI's TestClient: its OpenAPI document
carries supportkit's generated schemas as components, and every answer validates against
the component its route declares."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from supportkit import Problem, Ticket, json_schema

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fastapi_app.py"


@pytest.fixture
def example() -> dict[str, Any]:
    return runpy.run_path(str(EXAMPLE))  # a fresh desk and app per test


def validator(document: dict[str, Any], name: str) -> Draft202012Validator:
    """A validator of component ``name``, resolving refs inside the OpenAPI document."""
    root = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_openapi_document_holds_the_generated_schemas(example: dict[str, Any]) -> None:
    client = TestClient(example["app"])
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    generated = json_schema(Ticket, ref_template="#/components/schemas/{name}")
    assert schemas["Ticket"]["properties"] == generated["properties"]
    assert {"Actor", "Message", "Event", "AttachmentRef", "TicketStatus", "Problem",
            "SlaStatus", "MeasureStatus", "OpenTicketIn"} <= set(schemas)
    route = document["paths"]["/tickets/{ticket_id}"]["get"]["responses"]
    assert route["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Ticket"}
    assert route["404"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"}
    body = document["paths"]["/tickets"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/OpenTicketIn"}
    Draft202012Validator.check_schema({"components": document["components"]})
    assert schemas["Problem"]["required"] == json_schema(Problem)["required"]


def test_answers_validate_against_their_components(example: dict[str, Any]) -> None:
    client = TestClient(example["app"])
    document = client.get("/openapi.json").json()
    alice = {"X-User": "alice"}
    opened = client.post("/tickets", headers=alice, json={"subject": "Mail", "body": "down"})
    assert opened.status_code == 201
    validator(document, "Ticket").validate(opened.json())
    tid = opened.json()["id"]
    assert opened.json()["created_at"] == "2026-03-02T09:00:00Z"
    local = client.get(f"/tickets/{tid}", headers=alice, params={"tz": "America/New_York"})
    validator(document, "Ticket").validate(local.json())
    assert local.json()["created_at"] == "2026-03-02T04:00:00-05:00"
    validator(document, "SlaStatus").validate(
        client.get(f"/tickets/{tid}/sla", headers=alice).json())
    problems = [
        client.post(f"/tickets/{tid}/escalations", headers=alice, json={"method": "phone"}),
        client.post("/tickets", headers={"X-User": "mallory"}, json={"subject": "a", "body": "b"}),
        client.post("/tickets", headers=alice, json={"subject": "no body"}),
        client.post("/tickets", headers=alice, content=b"{not json"),
        client.get(f"/tickets/{tid}", headers={"X-User": "mallory"}),
        client.get(f"/tickets/{tid}", headers=alice, params={"tz": "Mars/Olympus"}),
    ]
    assert [p.status_code for p in problems] == [409, 422, 400, 400, 403, 400]
    for answer in problems:
        assert answer.headers["content-type"] == "application/problem+json"
        validator(document, "Problem").validate(answer.json())
        assert answer.json()["status"] == answer.status_code


def test_the_example_runs_as_a_script(example: dict[str, Any],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert example["main"]() == 0
    out = capsys.readouterr().out
    assert "OpenAPI component Ticket" in out and '"format": "date-time"' in out
