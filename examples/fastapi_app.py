"""A FastAPI app over a desk: supportkit's JSON Schemas as OpenAPI components.

FastAPI cannot build a response model from an attrs class, so the app does what it does
for any foreign schema: ``supportkit.json_schema(Ticket, ref_template=...)`` goes into
``components.schemas`` of the OpenAPI document (with every class it refers to), each
route names its component in ``responses``, and the handler returns
``supportkit.to_json(...)`` (UTC instants in ``Z`` form, or in the zone the client asks
for with ``?tz=``; ISO 8601 durations). Errors are answered once, by one exception
handler: the status each ``SupportkitError`` class carries and its RFC 9457 body
(``application/problem+json``), declared as the ``Problem`` component.

Run: python examples/fastapi_app.py            (drives the app with FastAPI's TestClient)
     uvicorn fastapi_app:app                   (serves it; needs ``pip install uvicorn``)
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from fastapi import FastAPI, Header, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from supportkit import (
    Actor,
    Contract,
    EscalationPolicy,
    EscalationRule,
    FixedClock,
    Helpdesk,
    InvalidInput,
    PermissionDenied,
    Policy,
    Problem,
    ServiceLevel,
    SlaStatus,
    SupportkitError,
    Ticket,
    from_json,
    json_schema,
    problem_details,
    to_json,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.problems import PROBLEM_MEDIA_TYPE

COMPONENTS = "#/components/schemas/{name}"


# -- request bodies: attrs classes, read with from_json, declared from their JSON Schema ------


@attrs.frozen
class OpenTicketIn:
    """What a customer sends to open a ticket."""

    subject: str
    body: str
    severity: int | None = None


@attrs.frozen
class EscalateIn:
    """How the customer escalates (``"button"`` or ``"phone"``)."""

    method: str = "button"


# -- the OpenAPI components: generated, never written by hand --------------------------------


def components(*classes: type) -> dict[str, Any]:
    """``components.schemas`` for ``classes`` and every class they refer to."""
    found: dict[str, Any] = {}
    for cls in classes:
        schema = json_schema(cls, ref_template=COMPONENTS)
        found.update(schema.pop("$defs", {}))
        schema.pop("$schema")
        found[cls.__name__] = schema
    return dict(sorted(found.items()))


def ref(cls: type) -> dict[str, Any]:
    return {"$ref": COMPONENTS.format(name=cls.__name__)}


def answers(cls: type, status: int = 200, *errors: int) -> dict[int | str, Any]:
    """``responses=`` of a route: ``cls`` on success, a problem body for each error status."""
    declared: dict[int | str, Any] = {
        status: {"description": cls.__name__, "content": {"application/json": {"schema": ref(cls)}}}
    }
    for code in errors:
        declared[code] = {"description": "RFC 9457 problem details",
                          "content": {PROBLEM_MEDIA_TYPE: {"schema": ref(Problem)}}}
    return declared


def body_of(cls: type) -> dict[str, Any]:
    """``openapi_extra=`` declaring ``cls`` as the JSON request body."""
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": ref(cls)}}}}


# -- the app ---------------------------------------------------------------------------------


def create_app(desk: Helpdesk, users: dict[str, Actor]) -> FastAPI:
    app = FastAPI(title="Support desk", version="1.0")

    def actor(user: str) -> Actor:
        found = users.get(user)
        if found is None:
            raise PermissionDenied(f"unknown user {user!r}")
        return found

    @app.exception_handler(SupportkitError)
    async def problem(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, SupportkitError)
        details = problem_details(error, instance=request.url.path)
        return JSONResponse(to_json(details), status_code=details.status,
                            media_type=PROBLEM_MEDIA_TYPE)

    async def read(request: Request, cls: type[Any]) -> Any:
        try:
            data = await request.json()
        except ValueError as bad:
            raise InvalidInput(f"the request body is not JSON: {bad}") from bad
        return from_json(data, cls)

    @app.post("/tickets", status_code=201, response_class=JSONResponse,
              responses=answers(Ticket, 201, 400, 403, 422), openapi_extra=body_of(OpenTicketIn))
    async def open_ticket(request: Request, x_user: str = Header()) -> JSONResponse:
        wanted: OpenTicketIn = await read(request, OpenTicketIn)
        ticket = desk.open_ticket(actor(x_user), subject=wanted.subject, body=wanted.body,
                                  severity=wanted.severity)
        return JSONResponse(to_json(desk.get(ticket.id, actor(x_user))), status_code=201)

    @app.get("/tickets/{ticket_id}", response_class=JSONResponse,
             responses=answers(Ticket, 200, 400, 403, 404))
    def get_ticket(ticket_id: str, x_user: str = Header(), tz: str | None = None) -> JSONResponse:
        return JSONResponse(to_json(desk.get(ticket_id, actor(x_user)), zone=tz))

    @app.get("/tickets/{ticket_id}/sla", response_class=JSONResponse,
             responses=answers(SlaStatus, 200, 403, 404))
    def sla(ticket_id: str, x_user: str = Header()) -> JSONResponse:
        desk.get(ticket_id, actor(x_user))  # may this user see it?
        return JSONResponse(to_json(desk.sla(ticket_id)))

    @app.post("/tickets/{ticket_id}/escalations", response_class=JSONResponse,
              responses=answers(Ticket, 200, 400, 403, 409), openapi_extra=body_of(EscalateIn))
    async def escalate(ticket_id: str, request: Request, x_user: str = Header()) -> JSONResponse:
        wanted: EscalateIn = await read(request, EscalateIn)
        desk.escalate(ticket_id, actor(x_user), method=wanted.method)
        return JSONResponse(to_json(desk.get(ticket_id, actor(x_user))))

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, routes=app.routes)
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(components(Ticket, SlaStatus, Problem, OpenTicketIn, EscalateIn))
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def demo_desk() -> tuple[Helpdesk, FixedClock]:
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    clock = FixedClock(t0)
    policy = Policy(
        require_entitlement=True,
        service_levels={"standard": ServiceLevel(name="standard")},
        escalation=EscalationPolicy(rules=[
            EscalationRule(level=2, trigger="eta_fraction", fraction=0.5, methods={"button"}),
        ]),
    )
    desk = Helpdesk(MemoryStore(), policy, clock)
    desk.add_contract(Contract(id="acme-2026", company="acme", level="standard", valid_from=t0,
                               valid_until=t0 + timedelta(days=365)))
    return desk, clock


USERS = {
    "alice": Actor.customer("alice", company="acme"),
    "mallory": Actor.customer("mallory", company="evil"),
    "agent": Actor.support("agent-7"),
}
desk, clock = demo_desk()
app = create_app(desk, USERS)


def main() -> int:
    client = TestClient(app)
    opened = client.post("/tickets", headers={"X-User": "alice"},
                         json={"subject": "Mail down", "body": "Since 08:30", "severity": 2})
    assert opened.status_code == 201, opened.text
    ticket = opened.json()
    print("201 opened:", {k: ticket[k] for k in ("id", "status", "created_at")})
    tid = ticket["id"]
    desk.set_eta(tid, USERS["agent"], clock.now() + timedelta(hours=8))

    early = client.post(f"/tickets/{tid}/escalations", headers={"X-User": "alice"}, json={})
    assert early.status_code == 409
    assert early.headers["content-type"] == PROBLEM_MEDIA_TYPE
    print("409 problem:", early.json())
    refused = client.post("/tickets", headers={"X-User": "mallory"},
                          json={"subject": "Hi", "body": "?"})
    assert refused.status_code == 422 and refused.json()["decision"]["granted"] is False
    bad = client.post("/tickets", headers={"X-User": "alice"}, json={"subject": "No body"})
    assert bad.status_code == 400 and bad.json()["type"].endswith(":invalid-input")
    assert client.get(f"/tickets/{tid}", headers={"X-User": "mallory"}).status_code == 403

    local = client.get(f"/tickets/{tid}", params={"tz": "Europe/Paris"},
                       headers={"X-User": "alice"}).json()
    print("eta in UTC:", to_json(desk.get(tid))["eta"], "- in Paris:", local["eta"])
    print("sla:", client.get(f"/tickets/{tid}/sla", headers={"X-User": "alice"}).json()[
        "first_response"])

    document = client.get("/openapi.json").json()
    component = document["components"]["schemas"]["Ticket"]
    shown = {"type": component["type"], "required": component["required"][:6],
             "properties": {k: component["properties"][k]
                            for k in ("id", "status", "created_at", "eta", "requester")}}
    print("OpenAPI component Ticket (excerpt):", json.dumps(shown, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
