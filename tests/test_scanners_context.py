"""The indexed context enhancer gives exactly the scores of Presidio's lemma enhancer.

`IndexedContextEnhancer` replaces two linear searches per result by bisections, tests each
word against the recognizer's context words once per text, and raises scores in place
instead of on a deep copy; nothing else may change.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from benchmarks.corpus import generate
from scanners import build_analyzer
from scanners.cell import CellAnalysis
from scanners.context import IndexedContextEnhancer
from scanners.prefilter import prefilter_for
from scanners.scan import context_words


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
            r.analysis_explanation.score_context_improvement if r.analysis_explanation else None,
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


# -- result by result ------------------------------------------------------------------------

SETTINGS = [
    {},  # the analyzer's own: five words before, two after, substring matching
    {"context_matching_mode": "whole_word"},
    {"context_prefix_count": 0, "context_suffix_count": 0},
    {"context_prefix_count": 12, "context_suffix_count": 9},
]


class _BothEnhancers(LemmaContextAwareEnhancer):
    """Gives Presidio's enhancer and ours the same raw results, and keeps both answers."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.presidio = LemmaContextAwareEnhancer(**settings)
        self.ours = IndexedContextEnhancer(**settings)
        self.pairs: list[tuple[Any, Any]] = []

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        expected = self.presidio.enhance_using_context(
            text, raw_results, nlp_artifacts, recognizers, context
        )
        got = self.ours.enhance_using_context(
            text, copy.deepcopy(raw_results), nlp_artifacts, recognizers, context
        )
        # kept as they are now: the engine removes the explanations of what it returns
        self.pairs.extend((_state(e), _state(g)) for e, g in zip(expected, got, strict=True))
        return got


def _state(result: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every field of a result, its explanation's included (a copy: `to_dict` is no copy)."""
    kept = copy.deepcopy(result)
    explanation = vars(kept).pop("analysis_explanation")
    return vars(kept), vars(explanation)


def _both(ours: AnalyzerEngine, settings: dict[str, Any]) -> tuple[AnalyzerEngine, _BothEnhancers]:
    enhancer = ours.context_aware_enhancer
    settings = {
        "context_similarity_factor": enhancer.context_similarity_factor,
        "min_score_with_context_similarity": enhancer.min_score_with_context_similarity,
        "context_prefix_count": enhancer.context_prefix_count,
        "context_suffix_count": enhancer.context_suffix_count,
        **settings,
    }
    both = _BothEnhancers(**settings)
    engine = AnalyzerEngine(
        registry=ours.registry,
        nlp_engine=ours.nlp_engine,
        supported_languages=["nl"],
        context_aware_enhancer=both,
    )
    return engine, both


def _same(pairs: list[tuple[Any, Any]]) -> int:
    """Asserts each pair is the same result, explanation included; returns how many rose."""
    raised = 0
    for expected, got in pairs:
        assert got == expected
        raised += bool(expected[1]["supportive_context_word"])
    return raised


@pytest.mark.parametrize("settings", SETTINGS)
def test_every_result_of_long_documents_is_presidios(analyzers, settings):
    ours, _ = analyzers
    engine, both = _both(ours, settings)
    corpus = generate(seed=31, n_documents=40, rows=1)
    texts = [d.text for d in corpus.documents]
    texts.append("\n\n".join(texts))  # one long multi-line text: many results, many tokens
    for text in texts:
        for context in ([], ["Telefoon", "GEB_DAT"]):  # given words in any case
            engine.analyze(text=text, language="nl", context=context)
    assert len(both.pairs) > 2000
    assert _same(both.pairs) > 200  # context raised many scores, so the answers are compared


@pytest.mark.parametrize("settings", SETTINGS[:2])
def test_every_cell_result_is_presidios(analyzers, settings):
    """Short values with their column's context words, with tokens (`analyze`) and without
    (the column scan's empty-text artifacts: the given words alone decide)."""
    ours, _ = analyzers
    engine, both = _both(ours, settings)
    prefilter = prefilter_for(ours)
    no_tokens = ours.nlp_engine.process_text("", "nl")
    corpus = generate(seed=17, n_documents=0, rows=15)
    for column in corpus.columns:
        cells = CellAnalysis(engine, "nl")
        for context in (context_words([column.name, column.table]), [column.name.upper()]):
            for value in column.values:
                engine.analyze(text=value, language="nl", context=context)
                entities = prefilter.entities(value)
                if entities:
                    cells.analyze(value, entities, context, no_tokens)
    assert len(both.pairs) > 1000
    assert _same(both.pairs) > 100


@pytest.mark.parametrize("settings", SETTINGS)
def test_the_surrounding_words_are_presidios_at_every_offset(analyzers, settings):
    ours, _ = analyzers
    _, both = _both(ours, settings)
    corpus = generate(seed=3, n_documents=6, rows=1)
    text = "\n\n".join(d.text for d in corpus.documents)[:3000] + "  \n\t "
    artifacts = ours.nlp_engine.process_text(text, "nl")
    for start in range(len(text) + 1):
        assert _words_at(both.ours, artifacts, start) == _words_at(
            both.presidio, artifacts, start
        ), start


def _words_at(enhancer, artifacts, start):
    try:
        return sorted(enhancer._extract_surrounding_words(artifacts, "", start))
    except ValueError:
        return None  # the offset lies after the last token


@pytest.mark.parametrize("seed", [5, 23])
def test_the_recognizers_context_step_is_presidios(analyzers, seed):
    """`DutchAnalyzerEngine` groups the results once per text for the recognizers' own context
    step: the same results, in the same order, with the same scores as Presidio's engine,
    and a result of no listed recognizer is dropped as Presidio drops it."""
    ours, _ = analyzers
    assert type(ours)._enhance_using_context is not AnalyzerEngine._enhance_using_context
    corpus = generate(seed=seed, n_documents=20, rows=1)
    texts = [d.text for d in corpus.documents]
    lexicon_results = 0
    for text in [*texts, "\n\n".join(texts)]:
        artifacts = ours.nlp_engine.process_text(text, "nl")
        recognizers = ours.registry.get_recognizers(language="nl", all_fields=True)
        raw = []
        for recognizer in recognizers:
            for result in recognizer.analyze(text=text, entities=[], nlp_artifacts=artifacts):
                result.recognition_metadata.setdefault(
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, recognizer.id
                )
                raw.append(result)
        stray = copy.deepcopy(raw[0])
        stray.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] = "no-such-id"
        raw.append(stray)
        # as the engine gives them (each recognizer's in one run), and interleaved
        for order in (raw, raw[::2] + raw[1::2]):
            expected = AnalyzerEngine._enhance_using_context(
                ours, text, copy.deepcopy(order), artifacts, recognizers, ["Opmerking"]
            )
            got = ours._enhance_using_context(
                text, copy.deepcopy(order), artifacts, recognizers, ["Opmerking"]
            )
            assert [(r.entity_type, r.start, r.end, r.score) for r in got] == [
                (r.entity_type, r.start, r.end, r.score) for r in expected
            ]
        lexicon_results += sum(
            1
            for r in expected
            if r.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == "NlHealthRecognizer"
        )
    assert lexicon_results > 0  # a lexicon's own context step (it reads the others') ran
