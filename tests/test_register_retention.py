"""Retention parsing, the ladder, calendar cutoffs and counting old rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from register_sync.models import RetentionFacts
from register_sync.retention import (
    RETENTION_LADDER,
    cutoff_date,
    ladder_cutoffs,
    load_selectielijst,
    normalise_period,
    parse_retention,
    period_days,
    rows_older_than,
)

PERIODS = [
    # text, period, anchor
    ("7 jaar", "P7Y", None),
    ("4 weken", "P4W", None),
    ("18 maanden", "P18M", None),
    ("10 dagen", "P10D", None),
    ("14 dagen", "P2W", None),
    ("12 maanden", "P1Y", None),
    ("10 jaar na beëindiging", "P10Y", "beëindiging"),
    ("5 jaar na afwijzing", "P5Y", "afwijzing"),
    ("18 maanden na afronding van de melding", "P18M", "afronding van de melding"),
    ("P10Y", "P10Y", None),
    ("p18m", "P18M", None),
    ("Bewaartermijn: 7 jr.", "P7Y", None),
    ("Vernietigen na 7 jaar", "P7Y", None),
    ("7 jaar bewaren", "P7Y", None),
    ("tien jaar", "P10Y", None),
    ("Vijf jaar na afloop van het dossier", "P5Y", "dossier"),
    ("twee weken", "P2W", None),
    ("zeven (7) jaar", "P7Y", None),
    ("een half jaar", "P6M", None),
    ("anderhalf jaar", "P18M", None),
    ("1,5 jaar", "P18M", None),
    ("1 maand", "P1M", None),
]


@pytest.mark.parametrize(("text", "period", "anchor"), PERIODS)
def test_periods(text: str, period: str, anchor: str | None) -> None:
    parsed = parse_retention(text)
    assert parsed.kind == "period"
    assert parsed.period == period
    assert parsed.anchor == anchor
    assert parsed.text == text


@pytest.mark.parametrize(
    "text", ["bewaren", "Blijvend", "permanent", "blijvend bewaren", "B", "Permanent bewaren"]
)
def test_permanent(text: str) -> None:
    assert parse_retention(text).kind == "permanent"


@pytest.mark.parametrize(
    "text",
    [None, "", "   ", "[bewaartermijn]", "<bewaartermijn>", "n.t.b.", "nvt", "onbekend", "?", "-",
     "zie beleid", "tot de betrokkene 23 jaar wordt"],
)  # fmt: skip
def test_unknown_has_note(text: str | None) -> None:
    parsed = parse_retention(text)
    assert parsed.kind == "unknown"
    assert parsed.period is None
    assert parsed.note  # always says why, in Dutch


def test_placeholder_note_names_placeholder() -> None:
    assert "sjabloontekst" in (parse_retention("[bewaartermijn]").note or "")


def test_several_periods_longest_applies_with_dutch_note() -> None:
    parsed = parse_retention("5 jaar na afwijzing, 10 jaar na toekenning")
    assert parsed.kind == "period"
    assert parsed.period == "P10Y"
    assert parsed.anchor == "toekenning"
    assert parsed.note is not None
    assert "Meerdere termijnen" in parsed.note
    assert "langste" in parsed.note


def test_several_periods_brp_style() -> None:
    text = (
        "persoonsregistratie 110 jaar, verstrekkingen binnen de gemeente 5 jaar, aan derden 20 jaar"
    )
    parsed = parse_retention(text)
    assert parsed.period == "P110Y"
    assert "110 jaar" in (parsed.note or "")


def test_permanent_outweighs_period() -> None:
    parsed = parse_retention("dossier blijvend, correspondentie 2 jaar")
    assert parsed.kind == "permanent"
    assert parsed.note


def test_age_bound_period_is_left_out() -> None:
    parsed = parse_retention("tot de betrokkene 23 jaar wordt, daarna 5 jaar")
    assert parsed.period == "P5Y"
    assert "leeftijd" in (parsed.note or "")


def test_selectielijst_number() -> None:
    unknown = parse_retention("8.1.1")
    assert unknown.kind == "unknown"
    assert "Selectielijst" in (unknown.note or "")
    reference = Path(__file__).resolve().parents[2] / "shared/reference/selectielijst-2020"
    if not (reference / "resultaten.json").is_file():
        pytest.skip("Selectielijst reference not on this machine")
    selectielijst = load_selectielijst(reference / "resultaten.json")
    parsed = parse_retention("Selectielijst 2020 resultaat 1.1", selectielijst=selectielijst)
    assert parsed.kind == "period"
    assert parsed.period == "P10Y"
    assert parse_retention("1.1.1", selectielijst=selectielijst).kind == "permanent"


def test_ladder_is_sorted_unique_and_covers_required_steps() -> None:
    assert len(set(RETENTION_LADDER)) == len(RETENTION_LADDER)
    lengths = [period_days(p) for p in RETENTION_LADDER]
    assert lengths == sorted(lengths)
    assert all(normalise_period(p) == p for p in RETENTION_LADDER)
    for years in [*range(1, 11), 12, 15, 20, 25, 30, 40, 50, 75, 100, 110, 115, 120]:
        assert f"P{years}Y" in RETENTION_LADDER
    for step in ("P1W", "P2W", "P4W", "P1M", "P2M", "P3M", "P6M", "P9M", "P18M"):
        assert step in RETENTION_LADDER
    assert "P12M" not in RETENTION_LADDER


@pytest.mark.parametrize(
    ("period", "today", "cutoff"),
    [
        ("P7Y", date(2025, 6, 15), date(2018, 6, 15)),
        ("P1Y", date(2024, 2, 29), date(2023, 2, 28)),
        ("P1M", date(2025, 3, 31), date(2025, 2, 28)),
        ("P18M", date(2025, 1, 10), date(2023, 7, 10)),
        ("P2W", date(2025, 1, 10), date(2024, 12, 27)),
        ("P10D", date(2025, 1, 5), date(2024, 12, 26)),
        ("P12M", date(2025, 5, 1), date(2024, 5, 1)),
    ],
)
def test_cutoff_date(period: str, today: date, cutoff: date) -> None:
    assert cutoff_date(period, today) == cutoff


def test_ladder_cutoffs() -> None:
    cutoffs = ladder_cutoffs(date(2025, 1, 1))
    assert list(cutoffs) == list(RETENTION_LADDER)
    assert cutoffs["P10Y"] == date(2015, 1, 1)


def _facts(**older_than: int) -> RetentionFacts:
    return RetentionFacts(
        source="s", location="public.t", date_column="datum", total=100,
        oldest=date(2001, 1, 1), older_than=older_than,
    )  # fmt: skip


def test_rows_older_than_exact_on_ladder() -> None:
    assert rows_older_than(_facts(P5Y=40, P7Y=30, P10Y=20), "P7Y") == (30, True)


def test_rows_older_than_normalises_keys() -> None:
    assert rows_older_than(_facts(P12M=50), "P1Y") == (50, True)


def test_rows_older_than_lower_bound_from_next_longer_step() -> None:
    assert rows_older_than(_facts(P5Y=40, P7Y=30, P10Y=20), "P6Y") == (30, False)
    assert rows_older_than(_facts(P5Y=40), "P11Y") == (0, False)
