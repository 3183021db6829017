"""Taking mail from a mailbox: a Maildir (stdlib :mod:`mailbox`) or an IMAP folder (stdlib
:mod:`imaplib`).

Both hand each new message to :meth:`MailGateway.handle` and mark what was handled: a
Maildir message moves from ``new/`` to ``cur/`` (flag ``S``; ``F`` for one that can never be
taken, for a person to look at); an IMAP message gets ``\\Seen`` (and ``\\Flagged`` when it
can never be taken). A transient failure (the store busy or down) stops the run and leaves
the rest unmarked for the next one. Two fetchers on one mailbox are safe: the gateway
processes a Message-ID once.
"""

from __future__ import annotations

import mailbox
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import attrs

from supportkit.errors import InvalidInput, StorageError
from supportkit.mail.gateway import MailGateway, MailOutcome
from supportkit.mail.message import MessageInProgress, UnusableMessage

__all__ = ["Fetched", "ImapClient", "fetch_imap", "fetch_maildir"]


@attrs.frozen
class Fetched:
    """One message taken from a mailbox: where it was (file name or IMAP UID) and what the
    gateway made of it, or why it was not taken (``unusable``: never; ``transient``: the
    run stopped here)."""

    where: str
    outcome: MailOutcome | None = None
    unusable: str | None = None
    transient: str | None = None


def _take(gateway: MailGateway, where: str, raw: bytes) -> Fetched:
    try:
        return Fetched(where, gateway.handle(raw))
    except UnusableMessage as exc:
        return Fetched(where, unusable=str(exc))
    except (StorageError, MessageInProgress, sqlite3.Error, OSError) as exc:
        return Fetched(where, transient=f"{type(exc).__name__}: {exc}")


def fetch_maildir(gateway: MailGateway, path: str | os.PathLike[str]) -> Iterator[Fetched]:
    """Each message in the Maildir's ``new/``, oldest name first (see the module
    docstring). :class:`InvalidInput` when ``path`` is not a Maildir."""
    root = Path(path)
    if not (root / "new").is_dir() or not (root / "cur").is_dir():
        raise InvalidInput(f"{root} is not a Maildir (it needs new/ and cur/ folders)")
    box = mailbox.Maildir(str(root), factory=None, create=False)
    for name in sorted(os.listdir(root / "new")):
        if name.startswith("."):
            continue
        key = name.split(":", 1)[0]
        try:
            raw = box.get_bytes(key)
        except KeyError:  # taken by another fetcher meanwhile
            continue
        fetched = _take(gateway, name, raw)
        yield fetched
        if fetched.transient is not None:
            return
        flag = "F" if fetched.unusable is not None else "S"
        try:
            (root / "new" / name).rename(root / "cur" / f"{key}:2,{flag}")
        except FileNotFoundError:  # moved by another fetcher meanwhile
            continue


class ImapClient(Protocol):
    """The part of :class:`imaplib.IMAP4` the fetcher uses."""

    def select(self, mailbox: str = ..., readonly: bool = ...) -> tuple[str, list[Any]]: ...

    def uid(self, command: str, *args: Any) -> tuple[str, list[Any]]: ...


def _ok(reply: tuple[str, list[Any]], what: str) -> list[Any]:
    status, data = reply
    if status != "OK":
        raise OSError(f"IMAP {what} failed: {status} {data!r}"[:500])
    return data


def fetch_imap(gateway: MailGateway, client: ImapClient, folder: str = "INBOX",
               limit: int = 1000) -> Iterator[Fetched]:
    """Each unseen message of ``folder`` (at most ``limit``), read without setting
    ``\\Seen`` (``BODY.PEEK[]``) and marked only once handled (see the module docstring).
    ``client`` is a logged-in :class:`imaplib.IMAP4` (or ``IMAP4_SSL``)."""
    _ok(client.select(folder), f"SELECT {folder}")
    found = _ok(client.uid("SEARCH", None, "UNSEEN"), "SEARCH UNSEEN")
    uids = (found[0] or b"").split() if found else []
    for uid in uids[:limit]:
        data = _ok(client.uid("FETCH", uid, "(BODY.PEEK[])"), "FETCH")
        raw = next((item[1] for item in data if isinstance(item, tuple) and len(item) > 1
                    and isinstance(item[1], bytes)), None)
        where = uid.decode("ascii", "replace") if isinstance(uid, bytes) else str(uid)
        if raw is None:  # expunged meanwhile
            continue
        fetched = _take(gateway, where, raw)
        yield fetched
        if fetched.transient is not None:
            return
        flags = "(\\Seen \\Flagged)" if fetched.unusable is not None else "(\\Seen)"
        _ok(client.uid("STORE", uid, "+FLAGS", flags), "STORE")
