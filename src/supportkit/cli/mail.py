"""The e-mail commands: ``mailgate`` (one message on stdin, for an MTA pipe), ``mail fetch``
(a Maildir) and ``mail send`` (the outbox to SMTP).

``mailgate`` speaks the MTA's language (sysexits.h): 0 handled (opened, replied, ignored or
refused), 75 ``EX_TEMPFAIL`` when the desk could not take it now (storage busy or down, the
desk not initialised, any unexpected failure: the MTA keeps the message and retries),
65 ``EX_DATAERR`` for a message that can never be taken (empty, too large, no sender); the
MTA then bounces it.
"""

from __future__ import annotations

import argparse
import contextlib
import imaplib
import json
import os
import sqlite3
import sys
from typing import Literal

from supportkit.cli.commands import _desk
from supportkit.cli.output import one_line, say
from supportkit.errors import InvalidInput, StorageError, SupportkitError
from supportkit.mail import (
    MailGateway,
    MailOutcome,
    MailSender,
    MailSettings,
    MessageInProgress,
    SmtpTransport,
    UnusableMessage,
)
from supportkit.mail.fetching import fetch_imap, fetch_maildir

__all__ = ["EX_DATAERR", "EX_OK", "EX_TEMPFAIL", "cmd_mail_fetch", "cmd_mail_send",
           "cmd_mailgate"]

EX_OK, EX_DATAERR, EX_TEMPFAIL = 0, 65, 75
#: The environment variable giving the desk's address when --address is left out.
ADDRESS_ENV = "SUPPORTKIT_MAIL_ADDRESS"


def _settings(args: argparse.Namespace) -> MailSettings:
    address = args.address or os.environ.get(ADDRESS_ENV) or "support@localhost"
    support = getattr(args, "support_address", None)
    return MailSettings(address=address, support_address=support)


def _report(args: argparse.Namespace, outcome: MailOutcome, where: str = "") -> None:
    if args.json:
        data = outcome.to_json()
        if where:
            data["file"] = where
        print(json.dumps(data, ensure_ascii=False))
    else:
        ticket = f" ticket {one_line(outcome.ticket)}" if outcome.ticket else ""
        reason = f": {one_line(outcome.reason)}" if outcome.reason else ""
        say(f"{where + ': ' if where else ''}{outcome.outcome}{ticket}{reason}")


def _fail(args: argparse.Namespace, kind: str, why: str, where: str = "") -> None:
    if args.json:
        data = {"outcome": kind, "ticket": None, "reason": why}
        if where:
            data["file"] = where
        print(json.dumps(data, ensure_ascii=False))
    print(f"supportkit: {where + ': ' if where else ''}{one_line(why)}", file=sys.stderr)


def _handle(gateway: MailGateway, raw: bytes) -> MailOutcome | tuple[int, str]:
    """The outcome, or (exit status, reason) when the message was not handled."""
    try:
        return gateway.handle(raw)
    except UnusableMessage as exc:
        return EX_DATAERR, f"message refused for good: {exc}"
    except (StorageError, MessageInProgress, sqlite3.Error, OSError) as exc:
        return EX_TEMPFAIL, f"try again later: {type(exc).__name__}: {exc}"
    except Exception as exc:  # anything else: the MTA keeps the message and retries
        return EX_TEMPFAIL, f"try again later (unexpected {type(exc).__name__}: {exc})"


def _gateway(args: argparse.Namespace) -> MailGateway | tuple[int, str]:
    try:
        return MailGateway(_desk(args), _settings(args))
    except SupportkitError as exc:  # not initialised, bad --address ...
        return EX_TEMPFAIL, f"the desk cannot take mail now: {exc}"
    except (sqlite3.Error, OSError) as exc:
        return EX_TEMPFAIL, f"the desk cannot take mail now: {exc}"


def cmd_mailgate(args: argparse.Namespace) -> int:
    gateway = _gateway(args)
    if isinstance(gateway, tuple):
        _fail(args, "tempfail", gateway[1])
        return gateway[0]
    most = gateway.settings.max_message_bytes
    raw = sys.stdin.buffer.read(most + 1)
    result = _handle(gateway, raw)
    if isinstance(result, tuple):
        _fail(args, "tempfail" if result[0] == EX_TEMPFAIL else "dataerr", result[1])
        return result[0]
    _report(args, result)
    return EX_OK


def cmd_mail_fetch(args: argparse.Namespace) -> int:
    """Each new message of a Maildir (``--maildir``) or an IMAP folder (``--imap``); see
    :mod:`supportkit.mail.fetching`. Exit 0 when every message was taken, 65 when one could
    never be (it is flagged for a person), 75 when a transient failure stopped the run."""
    client: imaplib.IMAP4 | None = None
    if args.imap is not None:
        opened = _imap(args)
        if isinstance(opened, tuple):
            _fail(args, "tempfail" if opened[0] == EX_TEMPFAIL else "usage", opened[1])
            return opened[0]
        client = opened
    gateway = _gateway(args)
    if isinstance(gateway, tuple):
        _fail(args, "tempfail", gateway[1])
        return gateway[0]
    status = EX_OK
    try:
        fetched = (fetch_imap(gateway, client, args.folder) if client is not None
                   else fetch_maildir(gateway, args.maildir))
        for item in fetched:
            if item.outcome is not None:
                _report(args, item.outcome, item.where)
            elif item.unusable is not None:
                _fail(args, "dataerr", f"message refused for good: {item.unusable}",
                      item.where)
                status = EX_DATAERR
            else:
                _fail(args, "tempfail", f"try again later: {item.transient}", item.where)
                return EX_TEMPFAIL
    except InvalidInput as exc:  # not a Maildir
        _fail(args, "dataerr", str(exc))
        return 1
    except (OSError, imaplib.IMAP4.error) as exc:  # the IMAP server went away
        _fail(args, "tempfail", f"try again later: {exc}")
        return EX_TEMPFAIL
    finally:
        if client is not None:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                client.logout()
    return status


def _imap(args: argparse.Namespace) -> imaplib.IMAP4 | tuple[int, str]:
    host, _, port_text = args.imap.rpartition(":")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return 2, f"--imap {args.imap!r} must be HOST:PORT, e.g. imap.example.com:993"
    password = os.environ.get(args.password_env) if args.password_env else None
    if args.user is None or password is None:
        return 2, "--imap needs --user and --password-env naming a set environment variable"
    try:
        client: imaplib.IMAP4
        if args.ssl:
            client = imaplib.IMAP4_SSL(host, int(port_text), timeout=30)
        else:
            client = imaplib.IMAP4(host, int(port_text), timeout=30)
            if args.starttls:
                client.starttls()
        client.login(args.user, password)
    except (OSError, imaplib.IMAP4.error) as exc:
        return EX_TEMPFAIL, f"cannot log in to {args.imap}: {exc}"
    return client


def cmd_mail_send(args: argparse.Namespace) -> int:
    host, _, port_text = args.smtp.rpartition(":")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        _fail(args, "usage", f"--smtp {args.smtp!r} must be HOST:PORT, e.g. localhost:25")
        return 2
    password = os.environ.get(args.password_env) if args.password_env else None
    if args.password_env and password is None:
        _fail(args, "usage", f"the environment variable {args.password_env} is not set")
        return 2
    settings = _settings(args)
    desk = _desk(args)
    security: Literal["none", "starttls", "ssl"] = (
        "ssl" if args.ssl else "starttls" if args.starttls else "none")
    total = [0, 0, 0]
    with SmtpTransport(host, int(port_text), security=security, user=args.user,
                       password=password) as transport:
        sender = MailSender(desk, settings, transport)
        while True:
            report = sender.send_pending(args.limit)
            total = [total[0] + report.sent, total[1] + report.skipped,
                     total[2] + report.failed]
            if report.failed or report.sent + report.skipped == 0:
                break
    if args.json:
        print(json.dumps({"sent": total[0], "skipped": total[1], "failed": total[2]}))
    else:
        say(f"sent {total[0]}, skipped {total[1]} (no address or suppressed), "
            f"left pending {total[2]}")
    return EX_TEMPFAIL if total[2] else EX_OK
