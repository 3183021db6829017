"""The application layer: everything that opens or receives a unit of work.

The domain packages (``tickets``, ``calendars``, ``sla``, ``entitlements``, ``privacy``,
``access``) decide; this package reads and writes through the storage ports around those
decisions. :class:`supportkit.Helpdesk` is a thin facade over it.

- :mod:`.context` — :class:`DeskContext`: store, policy, clock; read-only and write units.
- :mod:`.write` — :func:`record`, the **one write path** of every ticket change: fold the
  event, derive deadlines, bump the version, add/save, index blobs, write the outbox.
- :mod:`.commands` — the frame of every command on a ticket: authorize → decide → record,
  returning the actor's view; :func:`supply_information`.
- :mod:`.actions` — reply, note, solve … transfer: a decision plus a call to the frame.
- :mod:`.opening` — open a ticket: check, screen, admit, route, record, page.
- :mod:`.reading` — the read path (read-only units of work, the one view function).
- :mod:`.access` — scopes inside a unit of work: viewers, authorization, views, routing,
  staff assignment.
- :mod:`.admission` — entitlement look-ups and admission at opening.
- :mod:`.directory` — accounts, contracts and asset tags.
- :mod:`.repositories` — typed repositories over the record port.
- :mod:`.blobs` — storing uploads under a lease, the ``blob_ref`` index of who holds which
  content, and garbage collection (no collector deletes bytes an uncommitted writer holds).
- :mod:`.outbox` — the transactional notification outbox.
- :mod:`.retention` — the retention run.
"""

from supportkit.app.context import DeskContext
from supportkit.app.write import record

__all__ = ["DeskContext", "record"]
