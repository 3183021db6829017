"""A custom frontend: JSON in, JSON out, as behind any web framework.

Each handler takes the request's JSON body (a dict) and returns ``(status, JSON dict)``.
Request bodies are read with supportkit's converter (``structure``), so bad input is an
``InvalidInput`` like any other, and answers are written with ``unstructure``. A real app
wires ``handle`` to its framework's routing and authentication; nothing here depends on one.

Errors are answered once, as data: every ``SupportkitError`` class carries its HTTP
status (``InvalidInput`` 400, ``PermissionDenied`` 403 — also for ids that do not exist,
``NotFound`` 404, ``InvalidTransition``/``NotEligible``/``Conflict`` 409, ``NotEntitled``
and ``OutOfScope`` 422, ``StorageError`` 503; the table is in ``supportkit.errors``), and
``supportkit.problem_details`` builds the RFC 9457 body (``type``, ``title``, ``status``,
``detail`` plus typed members such as ``eligible_at``, ``allowed`` or ``decision``), sent
as ``application/problem+json``. Answers use ``to_json``, the public JSON form: UTC
instants in ``Z`` form, ISO 8601 durations.

Run: python examples/custom_frontend.py
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from supportkit import (
    Actor,
    Contract,
    EscalationPolicy,
    EscalationRule,
    FixedClock,
    Helpdesk,
    InvalidInput,
    Policy,
    ServiceLevel,
    SupportkitError,
    TicketStatus,
    Upload,
    problem_details,
    to_json,
)
from supportkit.adapters.memory import MemoryStore
from supportkit.serialization import structure

JSON = dict[str, Any]


# -- request bodies: plain attrs classes, read by supportkit's converter -----------------------


@attrs.frozen
class AttachmentIn:
    filename: str
    content_base64: str


@attrs.frozen
class OpenTicketIn:
    subject: str
    body: str
    severity: int | None = None
    attachments: list[AttachmentIn] = attrs.field(factory=list)


@attrs.frozen
class ReplyIn:
    body: str


@attrs.frozen
class EtaIn:
    eta: datetime  # ISO-8601 with an offset; a naive one is InvalidInput


@attrs.frozen
class ListIn:
    # Typed here, so a bad status or limit is InvalidInput (400) at the edge.
    status: list[TicketStatus] | None = None
    limit: int | None = None


@attrs.frozen
class EscalateIn:
    method: str = "button"


# -- the error mapping: one rule, from the error classes ---------------------------------------


def error_response(error: SupportkitError) -> tuple[int, JSON]:
    problem = problem_details(error)
    body: JSON = to_json(problem)  # RFC 9457: type, title, status, detail, eligible_at …
    return problem.status, body


# -- the handlers ----------------------------------------------------------------------------


class SupportApi:
    """``handle(method, path, user, body)`` → ``(status, JSON)``; one handler per route."""

    def __init__(self, desk: Helpdesk, users: Mapping[str, Actor]) -> None:
        self.desk = desk
        self.users = users
        self.routes: dict[tuple[str, str], Callable[..., tuple[int, JSON]]] = {
            ("POST", "tickets"): self.open_ticket,
            ("GET", "tickets"): self.list_tickets,
            ("GET", "ticket"): self.get_ticket,
            ("POST", "replies"): self.reply,
            ("POST", "solve"): self.solve,
            ("POST", "confirm"): self.confirm,
            ("PUT", "eta"): self.set_eta,
            ("POST", "escalations"): self.escalate,
        }

    def handle(
        self, method: str, path: str, user: str, body: JSON | None = None
    ) -> tuple[int, JSON]:
        parts = path.strip("/").split("/")  # /tickets, /tickets/<id>, /tickets/<id>/<what>
        name = parts[0] if len(parts) == 1 else "ticket" if len(parts) == 2 else parts[2]
        handler = self.routes.get((method, name))
        actor = self.users.get(user)
        if handler is None or parts[0] != "tickets":
            return 404, {"title": "No route", "status": 404, "detail": f"no route {method} {path}"}
        if actor is None:
            return 401, {"title": "Unauthenticated", "status": 401,
                         "detail": f"unknown user {user!r}"}
        try:
            return handler(actor, *parts[1:2], body or {})
        except SupportkitError as error:
            return error_response(error)

    def _ticket(self, actor: Actor, ticket_id: str) -> JSON:
        return to_json(self.desk.get(ticket_id, actor))  # customers: no internal notes

    def open_ticket(self, actor: Actor, body: JSON) -> tuple[int, JSON]:
        request = structure(body, OpenTicketIn)
        try:
            uploads = [Upload(a.filename, base64.b64decode(a.content_base64, validate=True))
                       for a in request.attachments]
        except ValueError as bad:
            raise InvalidInput(f"attachment content is not base64: {bad}") from bad
        ticket = self.desk.open_ticket(actor, request.subject, request.body,
                                       severity=request.severity, attachments=uploads)
        return 201, self._ticket(actor, ticket.id)

    def list_tickets(self, actor: Actor, body: JSON) -> tuple[int, JSON]:
        request = structure(body, ListIn)
        tickets = self.desk.tickets(actor, status=request.status, limit=request.limit)
        return 200, {"tickets": [{"id": t.id, "subject": t.subject, "status": t.status.value}
                                 for t in tickets]}

    def get_ticket(self, actor: Actor, ticket_id: str, body: JSON) -> tuple[int, JSON]:
        return 200, self._ticket(actor, ticket_id)

    def reply(self, actor: Actor, ticket_id: str, body: JSON) -> tuple[int, JSON]:
        self.desk.reply(ticket_id, actor, structure(body, ReplyIn).body)
        return 200, self._ticket(actor, ticket_id)

    def solve(self, actor: Actor, ticket_id: str, body: JSON) -> tuple[int, JSON]:
        self.desk.solve(ticket_id, actor)
        return 200, self._ticket(actor, ticket_id)

    def confirm(self, actor: Actor, ticket_id: str, body: JSON) -> tuple[int, JSON]:
        self.desk.confirm(ticket_id, actor)
        return 200, self._ticket(actor, ticket_id)

    def set_eta(self, actor: Actor, ticket_id: str, body: JSON) -> tuple[int, JSON]:
        self.desk.set_eta(ticket_id, actor, structure(body, EtaIn).eta)
        return 200, self._ticket(actor, ticket_id)

    def escalate(self, actor: Actor, ticket_id: str, body: JSON) -> tuple[int, JSON]:
        self.desk.escalate(ticket_id, actor, method=structure(body, EscalateIn).method)
        return 200, self._ticket(actor, ticket_id)


def main() -> int:
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    clock = FixedClock(t0)
    policy = Policy(
        require_entitlement=True,
        service_levels={"standard": ServiceLevel(name="standard")},
        escalation=EscalationPolicy(rules=[
            EscalationRule(level=2, trigger="eta_fraction", fraction=0.5,
                           methods={"button", "phone"}),
        ]),
    )
    desk = Helpdesk(MemoryStore(), policy, clock)
    desk.add_contract(Contract(id="acme-2026", company="acme", level="standard", valid_from=t0,
                               valid_until=t0 + timedelta(days=365)))
    api = SupportApi(desk, {
        "alice": Actor.customer("alice", company="acme"),
        "mallory": Actor.customer("mallory", company="evil"),
        "agent": Actor.support("agent-7"),
    })

    def call(method: str, path: str, user: str, body: JSON | None = None) -> JSON:
        wire = json.loads(json.dumps(body)) if body is not None else None  # as sent over HTTP
        status, answer = api.handle(method, path, user, wire)
        answer = json.loads(json.dumps(answer))  # every answer is plain JSON, as received
        shown = answer.get("detail") or {k: answer[k] for k in ("id", "status", "tickets")
                                          if k in answer}
        print(f"{method:4} {path:26} as {user:7} -> {status} {shown}")
        return {"http": status, **answer}

    log = base64.b64encode(b"550 relay denied").decode()
    opened = call("POST", "/tickets", "alice", {"subject": "Mail down", "body": "Since 08:30",
                                                "severity": 2, "attachments": [
                                                    {"filename": "mail.log",
                                                     "content_base64": log}]})
    assert opened["http"] == 201 and opened["messages"][0]["attachments"][0]["size"] == 16
    tid = opened["id"]
    assert call("POST", "/tickets", "alice", {"subject": "No body"})["http"] == 400
    assert call("POST", "/tickets", "alice", {"subject": "x", "body": "y",
                                              "severity": 9})["http"] == 400
    refused = call("POST", "/tickets", "mallory", {"subject": "Hi", "body": "?"})
    assert refused["http"] == refused["status"] == 422 and refused["decision"]["granted"] is False
    assert call("GET", f"/tickets/{tid}", "mallory")["http"] == 403
    assert call("GET", "/tickets/404", "mallory")["http"] == 403  # same answer: no leak
    assert call("GET", "/tickets/404", "agent")["http"] == 404
    assert call("POST", f"/tickets/{tid}/confirm", "alice")["http"] == 409
    naive = {"eta": "2026-03-02T19:00:00"}
    assert call("PUT", f"/tickets/{tid}/eta", "agent", naive)["http"] == 400
    eta = call("PUT", f"/tickets/{tid}/eta", "agent", {"eta": "2026-03-02T20:00:00+01:00"})
    print("  stored eta:", eta["eta"])
    assert datetime.fromisoformat(eta["eta"]) == datetime(2026, 3, 2, 19, 0, tzinfo=UTC)
    early = call("POST", f"/tickets/{tid}/escalations", "alice", {"method": "button"})
    assert early["http"] == 409 and early["eligible_at"] == "2026-03-02T14:00:00Z"
    assert early["type"] == "urn:supportkit:problem:not-eligible"
    clock.advance(timedelta(hours=5))
    assert call("POST", f"/tickets/{tid}/escalations", "alice", {})["http"] == 200
    call("POST", f"/tickets/{tid}/replies", "agent", {"body": "Relay fixed."})
    call("POST", f"/tickets/{tid}/solve", "agent")
    done = call("POST", f"/tickets/{tid}/confirm", "alice")
    assert done["http"] == 200 and done["status"] == "closed"
    assert call("GET", "/tickets", "alice", {"status": ["bogus"]})["http"] == 400
    listed = call("GET", "/tickets", "alice", {"status": ["closed"], "limit": 10})
    assert [t["id"] for t in listed["tickets"]] == [tid]
    print("final ticket as alice's browser gets it:",
          json.dumps({k: done[k] for k in ("id", "status", "severity", "eta", "closed_at")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
