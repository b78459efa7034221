"""The evaluation corpus: deterministic, and every label says what its text is."""

import datetime as dt
import importlib.util
import re
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus.py"
_spec = importlib.util.spec_from_file_location("avgscan_benchmark_corpus", _PATH)
corpus = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = corpus
_spec.loader.exec_module(corpus)

MONTHS = {m: i for i, m in enumerate(corpus.MONTHS.split(), start=1)}


@pytest.fixture(scope="module")
def generated():
    return corpus.generate(seed=4242, n_documents=300, rows=40)


def _birth_date(text):
    parts = re.split(r"[-/ ]", text)
    if len(parts[0]) == 4:
        y, m, d = parts
    else:
        d, m, y = parts
        m = MONTHS.get(m, m)
    return dt.date(int(y), int(m), int(d))


def _plate_ok(text):
    compact = text.replace("-", "")
    return (
        len(compact) == 6
        and not re.search("[AEIOUCQ]", compact)
        and re.fullmatch(r"[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2}", text) is not None
    )


CHECKS = {
    "NL_BSN": lambda t: corpus.bsn_checksum_ok(re.sub(r"[ .]", "", t)),
    "NL_A_NUMBER": corpus.a_number_ok,
    "NL_ID_DOCUMENT": lambda t: re.fullmatch(r"[A-NP-Z]{2}[A-NP-Z0-9]{6}\d", t) is not None,
    "NL_LICENSE_PLATE": _plate_ok,
    "IBAN_CODE": lambda t: t.startswith("NL") and corpus.iban_ok(t),
    "EMAIL_ADDRESS": lambda t: re.fullmatch(r"[a-z0-9.]+@[a-z0-9.]+\.[a-z]{2,}", t) is not None,
    "PHONE_NUMBER": lambda t: (
        re.fullmatch(r"[+0-9 ()-]{10,20}", t) is not None
        and len(re.sub(r"\D", "", t)) in (10, 11, 12, 13)
    ),
    "NL_POSTCODE": lambda t: re.fullmatch(r"[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}", t) is not None,
    "PERSON": lambda t: t[:1].isupper() and not any(ch.isdigit() for ch in t),
    "ADDRESS": lambda t: re.fullmatch(r"\D+ \d{1,3}(?:[aB]|-2)?", t) is not None,
    "DATE_OF_BIRTH": lambda t: dt.date(1900, 1, 1) <= _birth_date(t) <= dt.date.today(),
}


def test_the_same_seed_gives_the_same_corpus():
    a, b = corpus.generate(seed=11, n_documents=40), corpus.generate(seed=11, n_documents=40)
    assert a == b
    assert corpus.generate(seed=12, n_documents=40) != a


def test_every_span_holds_what_its_label_says(generated):
    seen = Counter()
    for doc in generated.documents:
        for span in doc.spans:
            text = doc.text[span.start : span.end]
            assert text == text.strip() and text, (doc.doc_id, span)
            assert CHECKS[span.entity](text), (doc.doc_id, span.entity, text)
            seen[span.entity] += 1
    assert set(seen) == set(corpus.SPAN_ENTITIES)


def test_spans_do_not_overlap(generated):
    for doc in generated.documents:
        spans = sorted(doc.spans, key=lambda s: s.start)
        for a, b in pairwise(spans):
            assert a.end <= b.start, doc.doc_id


def test_every_special_category_is_labelled_somewhere_and_policy_texts_have_none(generated):
    labelled = Counter(c for doc in generated.documents for c in doc.special)
    assert set(labelled) == set(corpus.SPECIAL_ENTITIES)
    for doc in generated.documents:
        assert doc.special <= set(corpus.SPECIAL_ENTITIES)
        if doc.kind == "policy":
            assert doc.special == frozenset() and not doc.spans


def test_near_misses_are_in_the_corpus_unlabelled(generated):
    text = "\n".join(d.text for d in generated.documents if d.kind == "policy")
    assert "De kerk aan de Markt" in text or "Grote Kerk" in text
    numbers = re.findall(r"Bestelling (\d{9})", text)
    assert any(corpus.bsn_checksum_ok(n) for n in numbers)  # valid-looking, but no BSN


def test_column_labels(generated):
    by_name = {(c.table, c.name): c for c in generated.columns}
    for column in generated.columns:
        assert column.label in {*corpus.SPAN_ENTITIES, *corpus.SPECIAL_ENTITIES, corpus.NONE}
        assert len(column.values) == 40
        if column.label in CHECKS and column.note not in ("bsn_mostly_valid", "tussenvoegsel"):
            if column.label in ("ADDRESS", "PERSON"):
                continue  # parts of a name or an address, not the whole
            assert all(CHECKS[column.label](v) for v in column.values), column.name
    mostly = by_name[("wmo_indicaties", "sofinr")]
    valid = sum(corpus.bsn_checksum_ok(v) for v in mostly.values)
    assert 0.8 * len(mostly.values) <= valid < len(mostly.values) or valid == len(mostly.values)
    orders = [v for c in generated.columns if c.note == "order_number" for v in c.values]
    share = sum(corpus.bsn_checksum_ok(v) for v in orders) / len(orders)
    assert 0.03 < share < 0.2  # about 1 in 11, so the decoy is a real near-miss
    assert by_name[("clienten", "wpl")].label == corpus.NONE  # a place alone is no finding


@pytest.mark.parametrize(
    "digits, valid",
    [
        # A-nummers of the BRP API's public test persons pass; their mirror images do not
        ("8016043787", True),
        ("2352984859", True),
        ("8940402024", True),
        ("7873406108", False),
        ("9584892532", False),
    ],
)
def test_a_number_check_matches_the_brp_test_persons(digits, valid):
    assert corpus.a_number_ok(digits) is valid
