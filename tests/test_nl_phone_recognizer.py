"""NlPhoneRecognizer: Dutch telephone forms and look-alikes."""

import phonenumbers
import pytest

from scanners.recognizers.nl import NlPhoneRecognizer

ENTITY = "PHONE_NUMBER"


@pytest.fixture(scope="module")
def recognizer():
    return NlPhoneRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("06-12345678", ["06-12345678"]),
        ("06 1234 5678", ["06 1234 5678"]),
        ("0612345678", ["0612345678"]),
        ("+31 6 12345678", ["+31 6 12345678"]),
        ("0031 6 12345678", ["0031 6 12345678"]),
        ("010-1234567", ["010-1234567"]),
        ("020 123 4567", ["020 123 4567"]),
        ("085 123 4567", ["085 123 4567"]),
        ("088-1234567", ["088-1234567"]),
        ("0800-1234", ["0800-1234"]),
        ("0900-1234567", ["0900-1234567"]),
        ("Bel ons op 0909 1234.", ["0909 1234"]),
        ("0906-1234567", ["0906-1234567"]),
        ("Tel: 0800 0432", ["0800 0432"]),
        ("0031 20 123 4567", ["0031 20 123 4567"]),
        ("0031612345678", ["0031612345678"]),
        ("+31 (0)6 12345678", ["+31 (0)6 12345678"]),
        ("+31(0)20-1234567", ["+31(0)20-1234567"]),
        ("(020) 123 4567", ["(020) 123 4567"]),
        ("088 123 45 67", ["088 123 45 67"]),
        ("06 - 12 34 56 78", ["06 - 12 34 56 78"]),
        # foreign numbers in international form
        ("+32 470 12 34 56", ["+32 470 12 34 56"]),
        ("0049 30 12345678", ["0049 30 12345678"]),
        # look-alikes
        ("123456782", []),
        ("123.456.782", []),
        ("NL91ABNA0417164300", []),
        ("12-03-1984", []),
        ("1234 AB", []),
        ("06-1234", []),
    ],
)
def test_when_phone_in_text_then_found(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # written as a mobile number, in a 06 block phonenumbers does not call valid
        ("Bel op 06 79 79 04 85 of mail", ["06 79 79 04 85"]),
        ("0699354207", ["0699354207"]),
        ("+31 6 73955000", ["+31 6 73955000"]),
        ("+31 (0)6 7395 5000", ["+31 (0)6 7395 5000"]),
        # no trunk prefix: a 9-digit number (a BSN) is not a mobile number
        ("Burgerservicenummer: 692260559.", []),
        # the account part of a spaced IBAN, a date
        ("rekeningnummer NL36 KNAB 0887 0375 82.", []),
        ("Op 09-06-2021 hebben wij", []),
        # the same digits on their own are a valid 088 number
        ("tel 0887 0375 82", ["0887 0375 82"]),
    ],
)
def test_mobile_shapes_iban_parts_and_dates(recognizer, text, expected):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in results if r.score >= 0.4] == expected


def _whole_text_way(recognizer, text):
    """The recognizer as it was: phonenumbers over the whole text at once."""
    from presidio_analyzer import EntityRecognizer

    found = recognizer._numbers_in(text, ["PHONE_NUMBER"], None)
    kept = [r for r in found if not recognizer._not_a_phone_number(text, r.start, r.end)]
    return EntityRecognizer.remove_duplicates(kept)


def _spans(results):
    return sorted((r.start, r.end, r.score) for r in results)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reading_piece_by_piece_finds_what_the_whole_text_gives(seed):
    import random

    from benchmarks.corpus import generate
    from tests.test_scanners_prefilter import _phone_shaped_values

    recognizer = NlPhoneRecognizer()
    rng = random.Random(seed)
    documents = [d.text for d in generate(seed=seed, n_documents=30, rows=1).documents]
    values = _phone_shaped_values(rng)
    breaks = ["\n", "\r\n", "\n\n", " ", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", ": "]
    breaks += [";", ",", ", ", ";ext=7 ", ", x 4;", ",ext. 12\t", "\tint 4,", "; EXT 9 "]
    mixed = "".join(v + rng.choice(breaks) for v in values)
    found = 0
    for text in [*documents, "\n\n".join(documents), mixed]:
        expected = _spans(_whole_text_way(recognizer, text))
        assert _spans(recognizer.analyze(text, ["PHONE_NUMBER"])) == expected
        found += len(expected)
    assert found > 100


def _mobile_forms(rng):
    """A 06 number (in any block, valid or not) in the ways people write it."""
    block, rest = rng.randrange(10), f"{rng.randrange(10**7):07d}"
    digits = f"{block}{rest}"
    pairs = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    forms = [
        f"06-{digits}",
        f"06 {digits[:4]} {digits[4:]}",
        f"06 {pairs}",
        f"06{digits}",
        f"+31 6 {digits}",
        f"+31 (0)6 {digits[:4]} {digits[4:]}",
        f"+31(0)6-{digits}",
        f"+316{digits}",
        f"0031 6 {digits}",
        f"00316{digits}",
        f"(06) {digits}",
        f"06/{digits}",
        f"06.{digits[:2]}.{digits[2:5]}.{digits[5:]}",
    ]
    return rng.choice(forms)


def _phone_texts(rng):
    """Numbers alone and in lines: phone-shaped values, 06 numbers, extensions, glued digits,
    IBANs, dates and random digit/punctuation strings (synthetic only)."""
    from faker import Faker

    from tests.test_scanners_prefilter import _phone_shaped_values

    fake = Faker("nl_NL")
    fake.seed_instance(rng.randrange(10**6))
    values = _phone_shaped_values(rng)
    values += [_mobile_forms(rng) for _ in range(300)]
    values += [fake.phone_number() for _ in range(200)]
    extensions = ["", " x 12", " ext. 3", ";ext=45", " #7", " toestel 12", "x9"]
    values += [_mobile_forms(rng) + rng.choice(extensions) for _ in range(100)]
    values += [fake.phone_number() + rng.choice(extensions) for _ in range(100)]
    glue = ["", "1", "12", "0", "31", "00", "9876", "a", "NL", "-", "/"]
    values += [
        rng.choice(glue) + rng.choice([_mobile_forms(rng), fake.phone_number()]) + rng.choice(glue)
        for _ in range(200)
    ]
    ibans = [fake.iban() for _ in range(50)]
    values += ibans + [" ".join(i[k : k + 4] for k in range(0, len(i), 4)) for i in ibans]
    values += [fake.date(pattern=rng.choice(["%d-%m-%Y", "%d/%m/%Y", "%Y%m%d"])) for _ in range(50)]
    values += [
        "".join(rng.choice("0123456789 -+()./x06") for _ in range(rng.randrange(4, 40)))
        for _ in range(300)
    ]
    pool = [*values, "Tel:", "bel", "mobiel", "of", "rekening", "op", "en", "tel.", "(", ")"]
    lines = [" ".join(rng.choices(pool, k=rng.randrange(2, 9))) for _ in range(200)]
    return values + lines + ["\n".join(lines[i : i + 10]) for i in range(0, 200, 10)]


def _described(results):
    """Everything but the explanation's text: Presidio names in it the region of the last
    international number before a national one, `_valid_numbers` the number's own region."""
    return [(r.entity_type, r.start, r.end, r.score, r.recognition_metadata) for r in results]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_possible_pass_only_where_it_can_add_gives_what_both_passes_gave(seed):
    """`_numbers_in` skips or stops the POSSIBLE pass; the plain way runs it on every piece."""
    import random

    from benchmarks.corpus import generate
    from tests.plain_recognizers import plain_recognizers

    recognizer = NlPhoneRecognizer()
    texts = _phone_texts(random.Random(seed))
    texts += [d.text for d in generate(seed=seed, n_documents=30, rows=1).documents]
    found = [_described(recognizer.analyze(t, [ENTITY])) for t in texts]
    with plain_recognizers([recognizer]):
        expected = [_described(recognizer.analyze(t, [ENTITY])) for t in texts]
    assert found == expected
    # plenty of numbers, among them many that only the POSSIBLE pass finds (not valid ones)
    assert sum(len(f) for f in found) > 1000
    possible_only = [
        text[r[1] : r[2]]
        for text, f in zip(texts, found, strict=True)
        for r in f
        if not phonenumbers.is_valid_number(phonenumbers.parse(text[r[1] : r[2]], "NL"))
    ]
    assert len(possible_only) > 100
