"""Delimited tables inside a text (CSV-like exports pasted into a document or saved as .csv).

In a spreadsheet row the context word of a value ("Geboortedatum", "BSN", "Ordernr") stands
only in the header line, far from the value. `scanners.scan.analyze_text` therefore reads the
body cells of such a table column by column, each cell as `"<header>: <value>"`, so every
recognizer sees the cell's own header as its nearest context word, and only that one.

Pure text handling, no Presidio: `find_tables` finds the tables, `cell_batches` lays out the
"header: value" lines of one column with the offsets needed to map matches back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

DELIMITERS = (";", "\t", "|", ",")
MIN_COLUMNS = 3
MAX_HEADER_CHARS = 40
MAX_HEADER_WORDS = 4
MAX_HEADER_WORDS_COMMA = 2  # prose has commas too: a comma table needs terse labels
_HEADER_CELL = re.compile(r"[^\W\d_](?:[^\W\d_]|[ .()/#'’_-])*")

__all__ = ["Cell", "Table", "cell_batches", "find_tables"]


@dataclass(frozen=True)
class Cell:
    """One body cell: its column index and where its text stands in the document."""

    column: int
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """A header line and the body lines under it that have the same number of cells."""

    headers: tuple[str, ...]
    cells: tuple[Cell, ...]
    body_start: int  # offset of the first body line
    body_end: int  # offset after the last body line
    header_start: int  # offset of the header line


def _split(line: str, start: int, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of every cell of `line` (which begins at offset `start`), spaces trimmed."""
    cells: list[tuple[int, int]] = []
    position = 0
    for part in line.split(delimiter):
        lo = position + len(part) - len(part.lstrip())
        hi = position + len(part.rstrip())
        cells.append((start + lo, start + max(lo, hi)))
        position += len(part) + len(delimiter)
    return cells


def _is_header(cells: list[str], delimiter: str) -> bool:
    """Short labels of letters: "Naam", "Geb. datum", "E-mail"; no values, no digits."""
    words = MAX_HEADER_WORDS_COMMA if delimiter == "," else MAX_HEADER_WORDS
    return all(
        cell
        and len(cell) <= MAX_HEADER_CHARS
        and len(cell.split()) <= words
        and _HEADER_CELL.fullmatch(cell) is not None
        for cell in cells
    )


def _lines(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        lines.append((position, line.rstrip("\r\n")))
        position += len(line)
    return lines


def _table_at(lines: list[tuple[int, str]], index: int) -> tuple[Table, int] | None:
    """The table whose header is line `index`, and the index of the line after it."""
    start, header_line = lines[index]
    for delimiter in DELIMITERS:
        count = header_line.count(delimiter)
        if count + 1 < MIN_COLUMNS:
            continue
        spans = _split(header_line, start, delimiter)
        headers = [header_line[a - start : b - start] for a, b in spans]
        if not _is_header(headers, delimiter):
            continue
        cells: list[Cell] = []
        end = index + 1
        while end < len(lines) and lines[end][1].count(delimiter) == count:
            row_start, row = lines[end]
            cells.extend(
                Cell(column, a, b)
                for column, (a, b) in enumerate(_split(row, row_start, delimiter))
                if b > a
            )
            end += 1
        if end > index + 1:
            body_end = lines[end - 1][0] + len(lines[end - 1][1])
            table = Table(tuple(headers), tuple(cells), lines[index + 1][0], body_end, start)
            return table, end
    return None


def find_tables(text: str) -> list[Table]:
    """Every delimited table in `text`: a header line of at least `MIN_COLUMNS` short labels
    and one or more following lines with the same number of the same delimiter."""
    if not any(d in text for d in DELIMITERS):
        return []
    lines = _lines(text)
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        found = _table_at(lines, index)
        if found is None:
            index += 1
            continue
        table, index = found
        tables.append(table)
    return tables


def cell_batches(
    text: str, table: Table, column: int, max_chars: int
) -> Iterator[tuple[str, list[tuple[int, Cell]]]]:
    """The cells of one column as `"<header>: <value>"` lines, in batches of about `max_chars`.

    Yields the batch text and, per cell, the offset of its value inside the batch.
    """
    prefix = f"{table.headers[column]}: "
    lines: list[str] = []
    placed: list[tuple[int, Cell]] = []
    size = 0
    for cell in table.cells:
        if cell.column != column:
            continue
        line = prefix + text[cell.start : cell.end] + "\n"
        if lines and size + len(line) > max_chars:
            yield "".join(lines), placed
            lines, placed, size = [], [], 0
        placed.append((size + len(prefix), cell))
        lines.append(line)
        size += len(line)
    if lines:
        yield "".join(lines), placed
