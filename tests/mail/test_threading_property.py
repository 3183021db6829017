"""Property: every message the desk sends, answered by any client shape keeping the thread
headers or only the subject, threads back to its ticket; an answer from someone without
rights on that ticket never lands on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from _corpus import CLIENTS, DESK, parse, plain
from hypothesis import given, settings
from hypothesis import strategies as st

from supportkit import Actor, FixedClock, Helpdesk, Policy
from supportkit.adapters.memory import MemoryStore
from supportkit.mail import MailGateway, MailSender, MailSettings

PEOPLE = ["ann@example.com", "bob@example.com", "eve@evil.example"]

step = st.one_of(
    st.tuples(st.just("open"), st.sampled_from(PEOPLE)),
    st.tuples(st.just("agent"), st.integers(0, 10)),
    st.tuples(st.just("answer"), st.integers(0, 50), st.sampled_from(sorted(CLIENTS)),
              st.booleans(), st.sampled_from(["recipient", *PEOPLE])),
)


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_answers_thread_back_and_strangers_never_land(steps: list[tuple[object, ...]]) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    desk = Helpdesk(store=MemoryStore(), clock=clock,
                    policy=Policy(auto_reply_link="https://desk.example/t/{id}"))
    mail_settings = MailSettings(address=DESK, auto_reply_limit=1000)
    gateway = MailGateway(desk, mail_settings)
    outgoing: list[EmailMessage] = []
    sender = MailSender(desk, mail_settings, outgoing.append)
    sent: list[tuple[str, str, EmailMessage]] = []  # (ticket, recipient, message)
    tickets: list[str] = []
    counter = 0
    for action in steps:
        counter += 1
        clock.advance(timedelta(minutes=1))
        if action[0] == "open":
            who = str(action[1])
            outcome = gateway.handle(plain(who, f"Problem {counter}", "help", f"o{counter}@x"))
            assert outcome.outcome == "opened" and outcome.ticket is not None
            tickets.append(outcome.ticket)
        elif action[0] == "agent" and tickets:
            ticket_id = tickets[int(str(action[1])) % len(tickets)]
            desk.reply(ticket_id, Actor.support("agent"), f"Agent answer {counter}")
        elif action[0] == "answer" and sent:
            _, number, client, keep, who = action
            ticket_id, recipient, message = sent[int(str(number)) % len(sent)]
            author = recipient if who == "recipient" else str(who)
            raw = CLIENTS[str(client)](parse(message.as_bytes()), author, f"answer {counter}",
                                       f"a{counter}@x", keep_headers=bool(keep))
            before = len(desk.get(ticket_id).messages)
            outcome = gateway.handle(raw)
            if author == recipient:
                assert (outcome.outcome, outcome.ticket) == ("replied", ticket_id)
            else:
                assert outcome.ticket != ticket_id
                assert len(desk.get(ticket_id).messages) == before
            if outcome.outcome == "opened" and outcome.ticket is not None:
                tickets.append(outcome.ticket)
        sender.send_pending()
        for message in outgoing:
            ticket_id = str(message["Subject"]).split("[#", 1)[1].split("]", 1)[0]
            sent.append((ticket_id, str(message["To"]), message))
        outgoing.clear()
