"""spaCy's tokenizer with its chunk cache kept warm: the same tokens, several times faster.

spaCy tokenizes a text one whitespace-separated chunk at a time and caches each chunk's
tokens, but it stops adding to the cache for the rest of a text once a special case has been
used in it (spaCy issue #1250). A newline is a special case, so in a document of several
lines almost nothing is cached and every word goes through the prefix, suffix and infix
rules again: for the corpus letters that made tokenizing a fifth of all detection time.

`WarmTokenizer` first hands spaCy's tokenizer each chunk it has not seen, alone: a chunk
without a special case is then cached, as spaCy would have cached it in a text without one.
The whole text is then tokenized by spaCy's tokenizer as before, special-case pass included;
the cache only holds what tokenizing the chunk gives, so the tokens are the same
(tests/test_scanners_tokenizer.py compares them). The chunks seen are bounded: past
`max_chunks`, spaCy's cache and the set are emptied together.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

__all__ = ["WarmTokenizer", "warm_tokenizer"]

MAX_CHUNKS = 100_000  # about 10 MB of cache entries (a pointer per token, per chunk)


class WarmTokenizer:
    """A callable `Text -> Doc` that spaCy's `Language` uses in place of its tokenizer."""

    def __init__(self, tokenizer: Tokenizer, max_chunks: int = MAX_CHUNKS) -> None:
        self.tokenizer = tokenizer
        self.max_chunks = max_chunks
        tokenizer.max_cache_size = max(tokenizer.max_cache_size, max_chunks)
        self._seen: set[str] = set()
        # spaCy frees cache entries on a flush; no other thread may be tokenizing then
        self._lock = threading.Lock()

    def __call__(self, text: str) -> Doc:
        with self._lock:
            new = set(text.split()).difference(self._seen)  # spaCy's chunks: str.isspace
            if new:
                if len(self._seen) + len(new) > self.max_chunks:
                    self.tokenizer._flush_cache()
                    self._seen.clear()
                    new = set(itertools.islice(new, self.max_chunks))  # a very long text
                for chunk in new:
                    self.tokenizer(chunk)
                self._seen.update(new)
            doc: Doc = self.tokenizer(text)
            return doc

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        # rules, explain, to_disk…: spaCy's tokenizer answers
        return getattr(self.tokenizer, name)


def warm_tokenizer(pipeline: Any) -> None:
    """Give a loaded pipeline a `WarmTokenizer` if it has spaCy's own tokenizer."""
    if type(pipeline.tokenizer) is Tokenizer:
        pipeline.tokenizer = WarmTokenizer(pipeline.tokenizer)
