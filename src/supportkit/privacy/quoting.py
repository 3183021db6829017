"""The new text of a reply: what its author wrote, without the history a mail client quotes.

Open-Xchange refuses personal data in the readable communication; an ordinary e-mail reply
carries the attribution line every mail client writes ("On Mon, 2 Mar 2026, OX Support
<support@example.com> wrote:") and the quoted history below it (``>`` lines). Both were
written before (and screened then), so only the reply's new text is scanned.
:func:`mask_history` blanks them out, keeping every other character where it was, so
findings in the masked text have the same positions in the original.

Recognised, line by line (linear in the text):

- a quoted line: optional blanks, then ``>``;
- an attribution line: a line ending in "wrote:" (or "schrieb:", "a écrit :",
  "escribió:", "ha scritto:", "schreef:") that is followed, after blank lines, by a quoted
  line; when the marker stands alone on its line (the client wrapped it), the line before
  counts too;
- a forwarded or Outlook-style history: everything from a line "-----Original Message-----"
  (or "-----Ursprüngliche Nachricht-----", "-----Forwarded message-----", "Begin forwarded
  message:") to the end.
"""

from __future__ import annotations

import re

__all__ = ["mask_history"]

_QUOTED = re.compile(r"[ \t]{0,8}>")
_ATTRIBUTION = re.compile(
    r"(?:wrote|schrieb|a [ée]crit|escribi[óo]|ha scritto|schreef)[ \t]{0,3}:[ \t]{0,8}\Z",
    re.IGNORECASE,
)
_MARKER_ALONE = re.compile(
    r"[ \t]{0,8}(?:wrote|schrieb|a [ée]crit|escribi[óo]|ha scritto|schreef)[ \t]{0,3}:"
    r"[ \t]{0,8}\Z",
    re.IGNORECASE,
)
_HISTORY_START = re.compile(
    r"[ \t]{0,8}(?:-{2,10}[ \t]{0,3}(?:original message|urspr[üu]ngliche nachricht|"
    r"forwarded message)[ \t]{0,3}-{2,10}|begin forwarded message:)",
    re.IGNORECASE,
)


def _blank(line: str) -> str:
    return " " * len(line)


def mask_history(body: str) -> str:
    """``body`` with its quoted history and attribution lines replaced by blanks (line
    breaks and every other character keep their positions)."""
    lines = body.splitlines(keepends=True)
    texts = [line.rstrip("\r\n") for line in lines]
    masked = list(texts)
    quoted = [_QUOTED.match(text) is not None for text in texts]
    history_from = len(texts)
    for i, text in enumerate(texts):
        if _HISTORY_START.match(text):
            history_from = i
            break
    # Is a quoted line the next non-blank one after line i? (scanned from the end: linear)
    next_is_quote = [False] * len(texts)
    ahead = False
    for i in range(len(texts) - 1, -1, -1):
        next_is_quote[i] = ahead
        if texts[i].strip():
            ahead = quoted[i]
    for i, text in enumerate(texts):
        if quoted[i] or i >= history_from:
            masked[i] = _blank(text)
        elif next_is_quote[i] and _ATTRIBUTION.search(text[-40:]):
            masked[i] = _blank(text)
            if _MARKER_ALONE.match(text) and i > 0 and not quoted[i - 1]:
                masked[i - 1] = _blank(texts[i - 1])
    return "".join(m + line[len(t):] for m, line, t in zip(masked, lines, texts, strict=True))
