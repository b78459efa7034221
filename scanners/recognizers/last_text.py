"""A value computed once per text for the recognizers that analyze the same text in turn.

Presidio hands one text to every recognizer, one after the other; the lexicons share its word
positions and word heads, the digit-based recognizers its digit runs. `LastText` keeps the
value for the last text object it was asked about (identity, not equality: a cheap test that
the text is the very window being analyzed), so it holds at most one text and its value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["LastText"]

T = TypeVar("T")


class LastText(Generic[T]):
    """`build(text)`, kept for the last text object (a single tuple swap: thread-safe)."""

    def __init__(self, build: Callable[[str], T]) -> None:
        self._build = build
        self._last: tuple[str, T] | None = None

    def __call__(self, text: str) -> T:
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        value = self._build(text)
        self._last = (text, value)
        return value
