"""The NLP artifacts' token lists, read from spaCy's arrays, equal a walk over the tokens.

`scanners.engine._TokenLists` reads a `Doc` as columns; `walk` below is the plain reading,
token by token, as Presidio reads a `Doc`. Behaviour only, nothing timed.
"""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate
from scanners.engine import _TokenLists


def walk(doc):
    starts, ends, lemmas, keywords, has_lemmas = [], [], [], [], False
    for token in doc:
        lemma, lower = token.lemma_, token.lower_
        starts.append(token.idx)
        ends.append(token.idx + len(token))
        lemmas.append(lemma or lower)
        has_lemmas = has_lemmas or bool(lemma)
        if not (token.is_stop or token.is_punct) and lower != "be":
            keywords.extend(lower.split(":"))
    return starts, ends, lemmas, keywords, has_lemmas


def columns(doc):
    lists = _TokenLists(doc)
    return lists.starts, lists.ends, lists.lemmas, lists.keywords, lists.has_lemmas


NLP = spacy.blank("nl")
ODD_TEXTS = [
    "",
    "   ",
    "be Be BE: a:b:c  tijd:12:30 ::",
    "Dhr. J.   van\tDijk,\n\n06-12345678 (mobiel) e-mail: j.vandijk@example.nl!",
    "Café “De Ruïne” – €12,50 😀 naïef İstanbul ſ",
    "\n",
]


def test_corpus_documents_and_odd_texts():
    corpus = generate(seed=41, n_documents=40, rows=3)
    texts = [d.text for d in corpus.documents] + ODD_TEXTS
    texts += [value for column in corpus.columns for value in column.values]
    for text in texts:
        doc = NLP(text)
        assert columns(doc) == walk(doc)


def test_lemmas_of_a_lemmatizing_pipeline():
    doc = NLP("De kinderen liepen naar huis: ze waren moe")
    lemmas = ["de", "kind", "lopen", "", "huis", "", "", "zijn", ""]  # "": no lemma
    for token, lemma in zip(doc, lemmas, strict=True):
        token.lemma_ = lemma
    assert columns(doc) == walk(doc)
    assert columns(doc)[4] is True and columns(doc)[2][1] == "kind"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_any_text(text):
    doc = NLP(text)
    assert columns(doc) == walk(doc)
