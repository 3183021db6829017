"""A corpus of inbound messages as real clients shape them, built with the standard library.

Each builder returns the raw bytes of one message. Replies quote the message they answer the
way the named client does (attribution line, ``>`` quotes, Outlook's header block, Apple
Mail's ``On ... wrote:``), carry its ``In-Reply-To``/``References`` unless told not to, and
use that client's subject prefix.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from email.message import EmailMessage, Message

DESK = "support@desk.example"


def _base(sender: str, subject: str, message_id: str, to: str = DESK) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Mar 2026 10:00:00 +0000"
    msg["Message-ID"] = f"<{message_id}>"
    return msg


def plain(sender: str, subject: str, body: str, message_id: str, **headers: str) -> bytes:
    msg = _base(sender, subject, message_id)
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def parse(raw: bytes) -> Message:
    return email.message_from_bytes(raw, policy=email.policy.default)


def _thread(msg: EmailMessage, original: Message | None, keep_headers: bool) -> None:
    if original is None or not keep_headers:
        return
    parent = str(original["Message-ID"])
    refs = str(original.get("References", "") or "")
    msg["In-Reply-To"] = parent
    msg["References"] = f"{refs} {parent}".strip()


def _quoted(original: Message) -> str:
    part = original.get_body(preferencelist=("plain",)) if hasattr(original, "get_body") else None
    text = part.get_content() if part is not None else ""
    return "\n".join("> " + line for line in str(text).splitlines())


def _subject(original: Message, prefix: str) -> str:
    return f"{prefix}: {original['Subject']}"


def gmail_reply(original: Message, sender: str, body: str, message_id: str,
                keep_headers: bool = True) -> bytes:
    msg = _base(sender, _subject(original, "Re"), message_id)
    _thread(msg, original, keep_headers)
    who = original["From"]
    msg.set_content(f"{body}\n\nOn Mon, Mar 2, 2026 at 10:00 AM {who}\nwrote:\n\n"
                    f"{_quoted(original)}\n")
    msg.add_alternative(f"<div dir=\"ltr\">{body}</div><br><div class=\"gmail_quote\">"
                        f"<div>On Mon, Mar 2, 2026 {who} wrote:</div><blockquote>"
                        "old text</blockquote></div>", subtype="html")
    return msg.as_bytes()


def outlook_reply(original: Message, sender: str, body: str, message_id: str,
                  keep_headers: bool = True, prefix: str = "AW") -> bytes:
    msg = _base(sender, _subject(original, prefix), message_id)
    _thread(msg, original, keep_headers)
    msg["Thread-Topic"] = str(original["Subject"])
    msg.set_content(f"{body}\n\nKind regards\nBob\n\n________________________________\n"
                    f"From: {original['From']}\nSent: Monday, March 2, 2026 10:00 AM\n"
                    f"To: {sender}\nSubject: {original['Subject']}\n\n"
                    f"{_quoted(original)[2:]}\n")
    return msg.as_bytes()


def thunderbird_reply(original: Message, sender: str, body: str, message_id: str,
                      keep_headers: bool = True) -> bytes:
    msg = _base(sender, _subject(original, "SV"), message_id)
    _thread(msg, original, keep_headers)
    msg.set_content(f"On 02.03.26 10:00, Support wrote:\n{_quoted(original)}\n\n{body}\n\n"
                    "-- \nCarol Example\nExample Corp\n")
    return msg.as_bytes()


def apple_reply(original: Message, sender: str, body: str, message_id: str,
                keep_headers: bool = True) -> bytes:
    msg = _base(sender, _subject(original, "Re"), message_id)
    _thread(msg, original, keep_headers)
    msg.set_content(f"{body}\n\nSent from my iPhone\n\n> On 2 Mar 2026, at 10:00, "
                    f"Support <{DESK}> wrote:\n>\n{_quoted(original)}\n")
    return msg.as_bytes()


CLIENTS = {"gmail": gmail_reply, "outlook": outlook_reply, "thunderbird": thunderbird_reply,
           "apple": apple_reply}


def forwarded(sender: str, inner_from: str, inner_body: str, message_id: str) -> bytes:
    msg = _base(sender, "Fwd: Server error at night", message_id)
    msg.set_content("Please look at this.\n\n---------- Forwarded message ---------\n"
                    f"From: {inner_from}\nDate: Sun, 1 Mar 2026 23:00\nSubject: Server error\n\n"
                    f"{inner_body}\n")
    return msg.as_bytes()


def html_only(sender: str, message_id: str) -> bytes:
    msg = _base(sender, "Webmail broken", message_id)
    msg.set_content("<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
                    "<body><p>Webmail shows <b>error 500</b>.</p><ul><li>since 9:00</li>"
                    "<li>all users</li></ul><p>See <a href=\"https://status.example/\">"
                    "status</a></p></body></html>", subtype="html")
    return msg.as_bytes()


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def alternative_with_inline_image(sender: str, message_id: str) -> bytes:
    msg = _base(sender, "Screenshot of the error", message_id)
    msg.set_content("The error is in the screenshot.")
    msg.add_alternative("<p>The error is in the screenshot.</p><img src=\"cid:shot\">",
                        subtype="html")
    html = msg.get_payload()[1]
    html.add_related(PNG, maintype="image", subtype="png", cid="<shot>",
                     filename="screenshot.png")
    return msg.as_bytes()


def encoded_filename(sender: str, message_id: str) -> bytes:
    msg = _base(sender, "=?utf-8?q?Fehler_im_=C3=9Cbersichtsbericht?=", message_id)
    msg.set_content("Bericht anbei.")
    msg.add_attachment(b"a;b\n1;2\n", maintype="text", subtype="csv",
                       filename="Übersicht März.csv")
    return msg.as_bytes()


def dsn_bounce(original_message_id: str, recipient: str, message_id: str) -> bytes:
    raw = (
        "From: MAILER-DAEMON@mx.example (Mail Delivery System)\r\n"
        f"To: {DESK}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: <{message_id}>\r\nAuto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"BB\"\r\n\r\n"
        "--BB\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your "
        "message could not be delivered.\r\n"
        "--BB\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example"
        f"\r\n\r\nFinal-Recipient: rfc822; {recipient}\r\nAction: failed\r\n"
        "Status: 5.1.1\r\n\r\n"
        "--BB\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: {DESK}\r\nTo: {recipient}\r\nMessage-ID: <{original_message_id}>\r\n"
        "Subject: [#1] Re: something\r\n\r\n--BB--\r\n"
    )
    return raw.encode()


def out_of_office(original: Message, sender: str, message_id: str) -> bytes:
    msg = _base(sender, f"Automatic reply: {original['Subject']}", message_id)
    msg["In-Reply-To"] = str(original["Message-ID"])
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content("I am out of the office until Monday.")
    return msg.as_bytes()


def list_mail(sender: str, message_id: str) -> bytes:
    return plain(sender, "[users] Weekly digest", "Digest of the week", message_id,
                 List_Id="<users.lists.example>", Precedence="list")


def outlook_html_reply(original: Message, sender: str, body: str, message_id: str) -> bytes:
    """Outlook on the web: HTML only, the quoted message after a rule and a From/Sent block."""
    msg = _base(sender, _subject(original, "RE"), message_id)
    _thread(msg, original, True)
    msg.set_content(
        f"<html><body><div>{body}</div><div id=\"appendonsend\"></div><hr>"
        f"<div id=\"divRplyFwdMsg\"><b>From:</b> {original['From']}<br><b>Sent:</b> "
        "Monday, March 2, 2026 10:00<br><b>To:</b> Ann<br><b>Subject:</b> "
        f"{original['Subject']}</div><div>old text</div></body></html>", subtype="html")
    return msg.as_bytes()
