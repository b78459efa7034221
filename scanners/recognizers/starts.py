"""A regex's `finditer`, tried only at the positions where its matches can start.

Several recognizers know, from a cheap pass over a text, where their matches can start (word
heads for the lexicons, digit runs, house numbers); trying the regex there alone finds what
`finditer` finds, leftmost first and without overlap, at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["matches_from"]


def matches_from(pattern: Any, text: str, starts: Iterable[int]) -> Iterator[Any]:
    """`pattern.finditer(text)` when every match starts at one of `starts` (sorted) and no
    match is empty (`re` or `regex` patterns alike)."""
    position = 0
    for start in starts:
        if start >= position and (match := pattern.match(text, start)) is not None:
            yield match
            position = match.end()
