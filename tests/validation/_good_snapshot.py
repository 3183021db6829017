"""The ticket snapshot the validation tests break, each in its own way: a ticket with every
kind of field filled (replies, a note, category, assignee, a requester with a company and a
role), as the plain JSON data an import line holds."""

from __future__ import annotations

import json

from supportkit.serialization import unstructure
from supportkit.testing.contract import make_ticket
from supportkit.tickets.actors import Actor

GOOD = json.loads(json.dumps(unstructure(make_ticket(
    "7", replies=["Fixed"], notes=["internal"], category="mail", assignee="agent-7",
    requester=Actor.customer("bob", company="globex", roles={"admin"})))))
