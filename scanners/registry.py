"""Presidio's recognizer registry, with the answer to "which recognizers for these entities"
kept instead of worked out again for every value.

`RecognizerRegistry.get_recognizers` filters every recognizer against every requested entity
on each call: for a column scan, which asks Presidio about tens of thousands of short values
with a handful of entity sets, that was a tenth of the time. The answer depends only on the
request and on the recognizers, so it is kept per request and dropped when the recognizers
change. Requests with ad-hoc recognizers are not kept.
"""

from __future__ import annotations

import functools
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerRegistry

from scanners.bounded import BoundedCache

__all__ = ["CachingRecognizerRegistry"]

_MAX_KEPT = 1024  # distinct (language, entities) requests; a scan uses a few hundred at most


class CachingRecognizerRegistry(RecognizerRegistry):
    """`RecognizerRegistry` whose `get_recognizers` keeps its answers (see module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: BoundedCache[list[EntityRecognizer]] = BoundedCache(_MAX_KEPT)

    def get_recognizers(
        self,
        language: str,
        entities: list[str] | None = None,
        all_fields: bool = False,
        ad_hoc_recognizers: list[EntityRecognizer] | None = None,
    ) -> list[EntityRecognizer]:
        if ad_hoc_recognizers:
            return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        key = (
            language,
            tuple(entities) if entities is not None else None,
            all_fields,
            tuple(map(id, self.recognizers)),  # a recognizer added or removed: asked anew
        )
        asked = functools.partial(super().get_recognizers, language, entities, all_fields)
        return list(self._kept.get(key, asked))
