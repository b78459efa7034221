"""A dictionary of kept answers with a bound, safe to share between scans in threads."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["BoundedCache"]

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """Answers kept by key, at most `size` of them; when full it is emptied whole (the keys
    are requests such as entity sets or column names: few, and alike from scan to scan).

    Scans in threads share one, and another thread may empty it at any moment, so `get`
    returns the answer it looked up or computed, never one read back after storing it.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: dict[Hashable, V] = {}

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The answer kept for `key`, or `compute()`'s, then kept."""
        value = self._kept.get(key)
        if value is None:
            value = compute()
            if len(self._kept) >= self.size:
                self._kept.clear()
            self._kept[key] = value
        return value

    def __len__(self) -> int:
        return len(self._kept)
