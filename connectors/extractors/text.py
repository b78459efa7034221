"""Text formats: plain text, CSV/TSV, JSON, XML, HTML and RTF. Standard library only."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from html.parser import HTMLParser

from connectors.base import ExtractionError
from connectors.extractors.common import (
    Extracted,
    ExtractionContext,
    amsterdam,
    join_lines,
    plausible_date,
    xml_text_events,
)
from connectors.extractors.sniff import csv_delimiter, decode


def decoded(data: bytes) -> str:
    text = decode(data)
    if text is None:
        raise ExtractionError("not a text file in a supported encoding")
    return text


def extract_plain(data: bytes, ctx: ExtractionContext) -> Extracted:
    return Extracted(decoded(data))


def extract_csv(data: bytes, ctx: ExtractionContext) -> Extracted:
    # Cut before parsing: the csv module would hold a huge line several times over, and the
    # registry cuts the text to this length anyway (and says so).
    text = decoded(data)[: ctx.limits.max_text_chars + 1]
    delimiter = csv_delimiter(text)
    if delimiter is None:
        return Extracted(text)
    try:
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        joined = "\n".join(" | ".join(c.strip() for c in row if c.strip()) for row in rows)
    except csv.Error:
        return Extracted(text)
    return Extracted(joined)


def extract_json(data: bytes, ctx: ExtractionContext) -> Extracted:
    """One line per scalar, `key: value`, so the key is context for the recognizers."""
    text = decoded(data)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return Extracted(text)
    lines: list[str] = []
    stack: list[tuple[str, object]] = [("", document)]
    while stack:  # iterative: deeply nested JSON must not exhaust the stack
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((str(k), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((key, v) for v in reversed(value))
        elif value is not None:
            lines.append(f"{key}: {value}" if key else str(value))
    return Extracted("\n".join(lines))


def extract_xml(data: bytes, ctx: ExtractionContext) -> Extracted:
    """The character data of every element, one element per line."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush(*_args: object) -> None:
        if buffer:
            lines.append("".join(buffer).strip())
            buffer.clear()

    xml_text_events(data, lambda _t, _a: flush(), flush, buffer.append)
    flush()
    return Extracted(join_lines(lines))


class _HtmlText(HTMLParser):
    _SKIP = frozenset({"script", "style", "template", "head"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
         "article", "header", "footer", "blockquote", "pre", "dt", "dd", "title", "hr"}
    )  # fmt: skip
    _CELL = frozenset({"td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping: list[str] = []
        self.title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skipping.append(tag)
        elif tag in self._BLOCK:
            self.pieces.append("\n")
        elif tag in self._CELL:
            self.pieces.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            self.pieces.append("\n")
        elif tag in self._SKIP and tag in self._skipping:
            while self._skipping and self._skipping.pop() != tag:
                pass
        elif tag in self._BLOCK:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title or not self._skipping:
            self.pieces.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document: scripts, styles and the head (except the title)
    dropped, blocks on their own lines."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = (
        re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.pieces).split("\n")
    )
    return join_lines(list(lines))


def extract_html(data: bytes, ctx: ExtractionContext) -> Extracted:
    return Extracted(html_to_text(decoded(data)))


# -- RTF -----------------------------------------------------------------------------------------

_RTF_TOKEN = re.compile(
    r"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
# Destinations whose text is not document text.
_RTF_SKIP = frozenset(
    {"fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "themedata", "datastore",
     "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "latentstyles",
     "filetbl", "revtbl", "fldinst", "bkmkstart", "bkmkend", "colorschememapping", "mmathPr"}
)  # fmt: skip
_RTF_BREAKS = {"par": "\n", "line": "\n", "row": "\n", "sect": "\n", "page": "\n",
               "tab": "\t", "cell": " | ", "emdash": "—", "endash": "–", "bullet": "•",
               "lquote": "‘", "rquote": "’", "ldblquote": "“", "rdblquote": "”"}  # fmt: skip
_RTF_CREATED = re.compile(
    r"\\creatim\s*\\yr(\d{4})\s*\\mo(\d{1,2})\s*\\dy(\d{1,2})(?:\s*\\hr(\d{1,2}))?(?:\s*\\min(\d{1,2}))?"
)


def rtf_to_text(rtf: str) -> str:
    """A small RTF reader: text, line and cell breaks, `\\'hh` in the document's code page and
    `\\uN` Unicode escapes; font tables, pictures, metadata and `{\\*...}` groups skipped."""
    codepage = "cp1252"
    out: list[str] = []
    skip_depth: int | None = None  # group depth at which skipping started
    depth = 0
    uc = 1  # characters to drop after a \uN escape
    to_drop = 0
    star = False
    for match in _RTF_TOKEN.finditer(rtf):
        word, arg, hexcode, symbol, brace, text = match.groups()
        if brace == "{":
            depth += 1
            continue
        if brace == "}":
            if skip_depth is not None and depth <= skip_depth:
                skip_depth = None
            depth -= 1
            continue
        if word is not None and to_drop and word != "u":
            to_drop = 0
        if skip_depth is not None:
            continue
        if symbol == "*":
            star = True
            continue
        if word is not None:
            if star or word in _RTF_SKIP:
                skip_depth = depth
                star = False
                continue
            if word == "ansicpg" and arg:
                codepage = f"cp{arg}"
            elif word == "uc" and arg:
                uc = int(arg)
            elif word == "u" and arg:
                out.append(chr(int(arg) % 65536))
                to_drop = uc
            elif word in _RTF_BREAKS:
                out.append(_RTF_BREAKS[word])
            continue
        star = False
        if hexcode is not None:
            if to_drop:
                to_drop -= 1
                continue
            try:
                out.append(bytes([int(hexcode, 16)]).decode(codepage))
            except (UnicodeDecodeError, LookupError):
                out.append("?")
        elif symbol is not None:
            out.append({"~": " ", "-": "", "_": "-"}.get(symbol, symbol))
        elif text is not None:
            if to_drop:
                dropped = min(to_drop, len(text))
                text = text[dropped:]
                to_drop -= dropped
            out.append(text)
    return join_lines([line.strip().rstrip("|").strip() for line in "".join(out).split("\n")])


def _rtf_created(rtf: str) -> datetime | None:
    match = _RTF_CREATED.search(rtf[:65_536])
    if not match:
        return None
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        value = datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    return plausible_date(value, naive_zone=amsterdam())


def extract_rtf(data: bytes, ctx: ExtractionContext) -> Extracted:
    rtf = data.decode("latin-1")  # RTF is 7-bit; \'hh escapes carry the code page
    if not rtf.lstrip().startswith("{\\rtf"):
        raise ExtractionError("corrupt RTF")
    created = _rtf_created(rtf)
    return Extracted(
        rtf_to_text(rtf), created=created, created_source="RTF info" if created else None
    )
