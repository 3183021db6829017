"""The readable text of an e-mail: HTML turned into text, and the new part of a reply.

:func:`html_to_text` extracts text with the standard library's :class:`html.parser.HTMLParser`
(a maintained, tolerant tokenizer; no HTML parsing of our own): scripts, styles and the head
are dropped, block elements end lines, list items get a dash, links keep their target, and
``<blockquote>`` content (how Gmail, Apple Mail and Thunderbird quote in HTML) is prefixed
with ``>`` so it is recognised as quoted history like plain-text quotes.

:func:`reply_text` keeps what the author of a reply wrote: quoted lines and the attribution
line above them (:func:`supportkit.privacy.quoting.mask_history`), an Outlook header block
(``From:`` / ``Sent:`` after a rule of underscores, or ``-----Original Message-----``) and
everything after it, and the signature (after a ``-- `` line, or a trailing "Sent from my
…" line) are left out. Every pass is line by line, linear in the text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from supportkit.privacy.quoting import mask_history

__all__ = ["clean_subject", "html_to_text", "reply_text"]

_BLOCK = frozenset({
    "address", "article", "aside", "dd", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main",
    "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
})
_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})
#: nesting deeper than this is flattened (hostile input cannot grow the prefix without end)
_MAX_QUOTE_DEPTH = 20


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skip = 0
        self._quote = 0
        self._pre = 0
        self._href: list[str | None] = []

    def _break(self) -> None:
        text = "".join(self._line)
        if not self._pre:
            text = " ".join(text.split())
        prefix = "> " * min(self._quote, _MAX_QUOTE_DEPTH)
        if not text and self.lines and not self.lines[-1].strip("> "):
            self._line = []
            return  # one blank line between blocks is enough
        self.lines.append(prefix + text if text or not prefix else prefix.rstrip())
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag == "br":
            self._break()
        elif tag == "blockquote":
            self._break()
            self._quote += 1
        elif tag == "li":
            if "".join(self._line).strip():
                self._break()
            self._line.append("- ")
        elif tag in ("td", "th"):
            self._line.append(" ")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._line.append(f"[{alt}]")
        if tag in _BLOCK:
            self._break()
        if tag == "pre":
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "blockquote":
            self._break()
            self._quote = max(0, self._quote - 1)
        elif tag == "a" and self._href:
            href = self._href.pop()
            shown = "".join(self._line)
            if href and href.startswith(("http://", "https://")) and href not in shown:
                self._line.append(f" <{href}>")
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in _BLOCK or tag == "li":
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self._line.append(part)
                self._break()
            self._line.append(parts[-1])
        else:
            self._line.append(data)


_BLANKS = re.compile(r"\n{3,}")


def html_to_text(markup: str) -> str:
    """The text of an HTML document or fragment (see the module docstring)."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # very broken markup: keep what was read so far
        parser.lines.append("")
    parser._break()
    text = "\n".join(line.rstrip() if line.strip("> ") else "" for line in parser.lines)
    return _BLANKS.sub("\n\n", text).strip()


_OUTLOOK_RULE = re.compile(r"[ \t]{0,8}_{8,}[ \t]{0,8}\Z")
_HEADER_LINE = re.compile(
    r"[ \t]{0,8}[*]{0,2}(?:from|von|de|fra|från|van|da|od)[*]{0,2}[ \t]{0,3}:", re.IGNORECASE
)
_SENT_LINE = re.compile(
    r"[ \t]{0,8}[*]{0,2}(?:sent|date|gesendet|datum|envoy[ée]|enviado|skickat|sendt|inviato|"
    r"verzonden)[*]{0,2}[ \t]{0,3}:", re.IGNORECASE,
)
_SIGNATURE = re.compile(r"--[ \t]?\Z")
_MOBILE = re.compile(
    r"[ \t]{0,8}(?:sent from my |get outlook for |von meinem .{0,40} gesendet)", re.IGNORECASE
)


def _cut_outlook(lines: list[str]) -> list[str]:
    """The lines before an Outlook-style header block (From:/Sent: of the quoted message)."""
    for i, line in enumerate(lines):
        if _OUTLOOK_RULE.match(line) and i + 1 < len(lines) and _HEADER_LINE.match(
                lines[i + 1]):
            return lines[:i]
        if _HEADER_LINE.match(line) and any(
                _SENT_LINE.match(following) for following in lines[i + 1:i + 4]):
            return lines[:i]
    return lines


def _cut_signature(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if _SIGNATURE.match(line):
            return lines[:i]
    end = len(lines)
    while end and (not lines[end - 1].strip() or _MOBILE.match(lines[end - 1])):
        end -= 1
    return lines[:end]


def reply_text(text: str) -> str:
    """What the author of ``text`` wrote, without quoted history and signature (may be
    empty: a reply holding only a quote)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _cut_outlook(lines)
    masked = mask_history("\n".join(lines)).split("\n")
    kept = [line.rstrip() for line in _cut_signature(masked)]
    return _BLANKS.sub("\n\n", "\n".join(kept)).strip()


_PREFIX = re.compile(
    r"[ \t]{0,8}(?:re|aw|sv|vs|wg|fw|fwd|tr|rif|antw|odp|ynt|r)[ \t]{0,3}(?:\[\d{1,4}\])?"
    r"[ \t]{0,3}:[ \t]{0,8}", re.IGNORECASE,
)


def clean_subject(subject: str) -> str:
    """``subject`` on one line without its reply and forward prefixes (``Re:``, ``AW:``,
    ``SV:``, ``Fwd:``, ``WG:`` …, repeated)."""
    text = " ".join(subject.split())
    for _ in range(50):
        found = _PREFIX.match(text)
        if found is None or found.end() == 0:
            break
        text = text[found.end():]
    return text.strip()
