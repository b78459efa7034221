"""`WarmTokenizer` gives exactly spaCy's tokens, and actually fills spaCy's chunk cache."""

from __future__ import annotations

import threading

import pytest
import spacy
from faker import Faker
from spacy.tokenizer import Tokenizer

from benchmarks.corpus import generate
from scanners.tokenizer import WarmTokenizer, warm_tokenizer

# special cases (abbreviations, whitespace rules, emoticons) next to plain words, so the
# cache is filled after a special case has been used in the same text
TRICKY = [
    "",
    " ",
    "\n\n",
    "Dhr. Jansen, bijv. op 1 jan. j.l. (zie o.a. art. 5) :-) 's morgens\n\tnr. 12",
    "Mevr.\xa0de Vries\r\nTel. 06-12345678  e-mail: a.b@voorbeeld.nl; http://voorbeeld.nl/x?y=1",
    "bijv . nr . (bijv.) 'bijv.' z.g.a.n. C++ a.s. 3e 10:30u €12,50 1.234,56",
    "  leading and trailing spaces  ",
    "co\u00f6rdinator geïnterviewd café — “aanhalingstekens” ‘enkel’ …",
]


def _signature(doc: spacy.tokens.Doc) -> list[tuple[object, ...]]:
    return [(t.idx, t.text, t.whitespace_, t.norm_, t.lower_, t.is_stop, t.is_punct) for t in doc]


def _texts() -> list[str]:
    corpus = generate(seed=23, n_documents=60, rows=3)
    fake = Faker("nl_NL")
    fake.seed_instance(23)
    texts = TRICKY + [d.text for d in corpus.documents]
    texts += [fake.text(max_nb_chars=400) + "\n" + fake.address() for _ in range(40)]
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def test_same_tokens_as_spacy(texts: list[str]) -> None:
    reference = spacy.blank("nl")
    pipeline = spacy.blank("nl")
    warm_tokenizer(pipeline)
    assert isinstance(pipeline.tokenizer, WarmTokenizer)
    for _ in range(2):  # the second round reads spaCy's cache, filled by the first
        for text in texts:
            assert _signature(pipeline(text)) == _signature(reference(text))


def test_same_tokens_after_the_cache_is_emptied(texts: list[str]) -> None:
    reference = spacy.blank("nl")
    tokenizer = WarmTokenizer(_blank_tokenizer(), max_chunks=50)
    for text in texts:
        assert _signature(tokenizer(text)) == _signature(reference(text))
        assert len(tokenizer._seen) <= 50


def _blank_tokenizer() -> Tokenizer:
    tokenizer = spacy.blank("nl").tokenizer
    assert isinstance(tokenizer, Tokenizer)
    return tokenizer


def _counting_tokenizer() -> tuple[Tokenizer, list[int]]:
    """Dutch spaCy tokenizer whose suffix rule counts how often it is asked."""
    blank = spacy.blank("nl").tokenizer
    assert isinstance(blank, Tokenizer)
    calls = [0]

    def suffix_search(string: str) -> object:
        calls[0] += 1
        return blank.suffix_search(string)

    tokenizer = Tokenizer(
        blank.vocab,
        rules=blank.rules,
        prefix_search=blank.prefix_search,
        suffix_search=suffix_search,
        infix_finditer=blank.infix_finditer,
        token_match=blank.token_match,
        url_match=blank.url_match,
    )
    return tokenizer, calls


def test_the_cache_is_used() -> None:
    """A text of seen chunks is tokenized from spaCy's cache, without the affix rules; a plain
    tokenizer never caches after the newline (a special case), so it runs them every time."""
    text = "Geachte heer,\n" + " ".join(f"woord{i}, (x{i})." for i in range(2000))
    plain, plain_calls = _counting_tokenizer()
    plain(text)
    plain_calls[0] = 0
    plain(text)
    assert plain_calls[0] > 4000

    counted, warm_calls = _counting_tokenizer()
    warm = WarmTokenizer(counted)
    warm(text)
    warm_calls[0] = 0
    assert _signature(warm(text)) == _signature(plain(text))
    assert warm_calls[0] == 0


def test_threads_share_one_tokenizer(texts: list[str]) -> None:
    reference = spacy.blank("nl")
    expected = {text: _signature(reference(text)) for text in texts}
    tokenizer = WarmTokenizer(_blank_tokenizer(), max_chunks=200)
    failures: list[str] = []

    def work(offset: int) -> None:
        for text in texts[offset:] + texts[:offset]:
            if _signature(tokenizer(text)) != expected[text]:
                failures.append(text[:20])

    threads = [threading.Thread(target=work, args=(i * 17,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
