"""The indexed context enhancer gives exactly the scores of Presidio's lemma enhancer.

`IndexedContextEnhancer` replaces two linear searches per result by a bisection and a set
lookup, and raises scores in place instead of on a deep copy; nothing else may change.
"""

from __future__ import annotations

import pytest
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from benchmarks.corpus import generate
from scanners import build_analyzer
from scanners.context import IndexedContextEnhancer


@pytest.fixture(scope="module")
def analyzers() -> tuple[AnalyzerEngine, AnalyzerEngine]:
    ours = build_analyzer()
    enhancer = ours.context_aware_enhancer
    assert isinstance(enhancer, IndexedContextEnhancer)
    presidio = AnalyzerEngine(
        registry=ours.registry,
        nlp_engine=ours.nlp_engine,
        supported_languages=["nl"],
        context_aware_enhancer=LemmaContextAwareEnhancer(
            context_similarity_factor=enhancer.context_similarity_factor,
            min_score_with_context_similarity=enhancer.min_score_with_context_similarity,
            context_prefix_count=enhancer.context_prefix_count,
            context_suffix_count=enhancer.context_suffix_count,
        ),
    )
    return ours, presidio


def _key(results):  # every field a finding is built from, and the supportive word
    return sorted(
        (
            r.entity_type,
            r.start,
            r.end,
            r.score,
            r.analysis_explanation.supportive_context_word if r.analysis_explanation else None,
        )
        for r in results
    )


TEXTS = [
    "Telefoonnummer van mevrouw: 06-12345678, bellen na 17:00.",
    "06-12345678 is haar nummer",  # context word after the match
    "BSN:123456782",  # context word glued to the match: one token
    "het burgerservicenummer van de aanvrager is 111222333",
    "geboren op 12-03-1984 te Utrecht",
    "",
    "   ",
    "tel.\n\n\n\n\n\n\n\n0612345678",  # whitespace tokens between word and number
]


@pytest.mark.parametrize("text", TEXTS)
def test_short_texts_score_as_with_presidios_enhancer(analyzers, text):
    ours, presidio = analyzers
    for context in ([], ["telefoon"], ["geb_dat", "clienten"]):
        assert _key(
            ours.analyze(text=text, language="nl", context=context, return_decision_process=True)
        ) == _key(
            presidio.analyze(
                text=text, language="nl", context=context, return_decision_process=True
            )
        )


@pytest.mark.parametrize("seed", [5, 23])
def test_documents_score_as_with_presidios_enhancer(analyzers, seed):
    ours, presidio = analyzers
    corpus = generate(seed=seed, n_documents=25, rows=1)
    long_text = "\n\n".join(d.text for d in corpus.documents)  # many results, many tokens
    boosted = 0
    for text in [d.text for d in corpus.documents] + [long_text]:
        expected = presidio.analyze(text=text, language="nl", return_decision_process=True)
        assert _key(ours.analyze(text=text, language="nl", return_decision_process=True)) == _key(
            expected
        )
        boosted += sum(
            1
            for r in expected
            if r.analysis_explanation and r.analysis_explanation.supportive_context_word
        )
    assert boosted > 0  # context did raise scores, so the comparison covers the enhancer


def test_a_column_context_raises_the_score_once(analyzers):
    ours, _ = analyzers
    [plain] = [
        r for r in ours.analyze(text="0612345678", language="nl") if r.entity_type == "PHONE_NUMBER"
    ]
    [lifted] = [
        r
        for r in ours.analyze(text="tel 0612345678", language="nl", context=["telefoon"])
        if r.entity_type == "PHONE_NUMBER"
    ]
    assert lifted.score == pytest.approx(min(1.0, plain.score + 0.35))


@pytest.mark.parametrize("seed", [5, 23])
def test_keywords_are_presidios_for_a_pipeline_without_lemmas(analyzers, seed):
    """The engine computes the keywords from the tokens' own flags; Presidio looks each
    lemma up in the vocabulary. Both must give the same list."""
    from presidio_analyzer.nlp_engine import NlpArtifacts

    ours, _ = analyzers
    corpus = generate(seed=seed, n_documents=10, rows=10)
    texts = [d.text for d in corpus.documents] + [v for c in corpus.columns for v in c.values]
    texts += ["De BE be: Het ::: ... -PRON- -pron- tel:0612345678", "Zij IS Er niet"]
    for text in texts:
        artifacts = ours.nlp_engine.process_text(text, "nl")
        expected = NlpArtifacts.set_keywords(ours.nlp_engine, artifacts.lemmas, "nl")
        assert artifacts.keywords == expected


@pytest.mark.parametrize("mode", ["substring", "whole_word"])
def test_the_supportive_word_is_presidios(mode):
    cases = [
        (["", "Telefoonnummer", "klant"], ["tel", "telefoon", "nummer"]),
        (["BSN:", "x"], ["burgerservicenummer", "bsn"]),
        (["geboren"], ["Geboren", "datum"]),
        ([], ["tel"]),
        (["a", "b"], []),
        (["e-mail", "mail"], ["mail", "e-mail"]),
    ]
    for context, words in cases:
        assert IndexedContextEnhancer._find_supportive_word_in_context(
            context, words, mode
        ) == LemmaContextAwareEnhancer._find_supportive_word_in_context(context, words, mode)
