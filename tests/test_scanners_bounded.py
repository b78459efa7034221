"""`BoundedCache`: an answer is computed once per key, and no more than `size` are kept."""

from __future__ import annotations

from scanners.bounded import BoundedCache


def test_an_answer_is_computed_once_and_then_kept():
    cache: BoundedCache[str] = BoundedCache(10)
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return "" if key == "leeg" else key.upper()  # a falsy answer is kept too

    answers = [cache.get(key, lambda k=key: compute(k)) for key in ["a", "b", "a", "leeg", "leeg"]]
    assert answers == ["A", "B", "A", "", ""]
    assert calls == ["a", "b", "leeg"]


def test_the_cache_never_holds_more_than_its_size():
    cache: BoundedCache[int] = BoundedCache(3)
    for key in range(10):
        assert cache.get(key, lambda k=key: k * k) == key * key
        assert len(cache) <= 3
    assert cache.get(9, lambda: -1) == 81  # the latest answer is still kept
