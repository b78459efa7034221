"""compare(): each discrepancy kind from small hand-built findings, entries and facts."""

from __future__ import annotations

from datetime import date

import pytest

from register_sync.categories import load_catalog
from register_sync.compare import compare
from register_sync.models import (
    Discrepancy,
    DiscrepancyKind,
    RegisterEntry,
    RetentionFacts,
    ScanGap,
    Severity,
    SourceBinding,
)
from register_sync.retention import parse_retention
from scanners.findings import Finding

K = DiscrepancyKind
CATALOG = load_catalog()
BINDING = SourceBinding(source="sociaal", system="Suite4Sociaal Domein")


def col(location: str, entity: str, source: str = "sociaal", hits: int = 5) -> Finding:
    return Finding(source, location, "column", entity, hits, 10, 0.9, ("1234*****",))


def doc(location: str, entity: str, source: str = "share") -> Finding:
    return Finding(source, location, "file", entity, 3, 1, 0.8)


def entry(
    name: str = "Wmo",
    categories: frozenset[str] = frozenset({"naw", "bsn"}),
    retention: str | None = "7 jaar",
    systems: tuple[str, ...] = ("suite4sociaal  domein",),
    basis: str | None = "Art. 6 lid 1 sub e AVG, Wet maatschappelijke ondersteuning 2015",
    dpia: str | None = "Ja, 2021",
    special_basis: str | None = None,
) -> RegisterEntry:
    return RegisterEntry(
        row=2, name=name, categories=categories, retention=parse_retention(retention),
        systems=systems, legal_basis=basis, dpia=dpia, special_basis=special_basis,
    )  # fmt: skip


def facts(location: str = "public.clients", **older: int) -> RetentionFacts:
    return RetentionFacts(
        source="sociaal", location=location, date_column="einddatum", total=500,
        oldest=date(2009, 4, 1), older_than=older,
    )  # fmt: skip


def kinds(result: list[Discrepancy]) -> list[K]:
    return [d.kind for d in result]


def run(findings, register, **kwargs) -> list[Discrepancy]:  # type: ignore[no-untyped-def]
    kwargs.setdefault("bindings", [BINDING])
    return compare(findings, register, catalog=CATALOG, **kwargs)


def test_all_documented_nothing_to_report() -> None:
    findings = [col("public.clients.naam", "PERSON"), col("public.clients.bsn", "NL_BSN")]
    assert run(findings, [entry()], retention=[facts(P7Y=0)]) == []


def test_undocumented_processing_one_per_container() -> None:
    findings = [
        col("public.clients.naam", "PERSON"),
        col("public.clients.mail", "EMAIL_ADDRESS"),
        col("public.orders.iban", "IBAN_CODE"),
    ]
    result = run(findings, [entry(systems=("Ander systeem",))])
    assert kinds(result) == [K.UNDOCUMENTED_PROCESSING, K.UNDOCUMENTED_PROCESSING]
    clients = next(d for d in result if d.location == "public.clients")
    assert clients.categories == ("naw", "contact")
    assert clients.severity == Severity.MIDDEL
    assert clients.register_entry is None
    assert "kolom naam" in clients.details


def test_undocumented_processing_high_for_bsn() -> None:
    result = run([col("public.x.bsn", "NL_BSN")], [])
    assert result[0].kind == K.UNDOCUMENTED_PROCESSING
    assert result[0].severity == Severity.HOOG


def test_undocumented_category_lists_missing() -> None:
    findings = [
        col("public.clients.naam", "PERSON"),
        col("public.clients.tel", "PHONE_NUMBER"),
        col("public.clients.kenteken", "NL_LICENSE_PLATE"),
    ]
    result = run(findings, [entry()], retention=[facts(P7Y=0)])
    assert kinds(result) == [K.UNDOCUMENTED_CATEGORY]
    assert result[0].categories == ("contact", "voertuig")
    assert result[0].severity == Severity.MIDDEL
    assert result[0].register_entry == "Wmo"
    assert "Contactgegevens" in result[0].details


def test_undocumented_special_category_is_high_and_needs_basis_and_dpia() -> None:
    findings = [col("public.clients.notitie", "SPECIAL_HEALTH")]
    result = run(findings, [entry(dpia="nee")], retention=[facts(P7Y=0)])
    assert set(kinds(result)) == {
        K.UNDOCUMENTED_CATEGORY, K.SPECIAL_CATEGORY_WITHOUT_BASIS, K.DPIA_MISSING,
    }  # fmt: skip
    assert all(d.severity == Severity.HOOG for d in result)


def test_special_category_with_basis_and_dpia() -> None:
    findings = [col("public.clients.notitie", "SPECIAL_HEALTH")]
    register = [
        entry(
            categories=frozenset({"gezondheid"}),
            special_basis="Art. 9 lid 2 sub h AVG",
            dpia="Uitgevoerd in 2022",
        )
    ]
    assert run(findings, register, retention=[facts(P7Y=0)]) == []


def test_bsn_without_legal_basis() -> None:
    findings = [col("public.clients.bsn", "NL_BSN")]
    for basis in ("Toestemming", None, "Art. 6 lid 1 sub e AVG"):
        result = run(findings, [entry(basis=basis)], retention=[facts(P7Y=0)])
        assert kinds(result) == [K.BSN_WITHOUT_LEGAL_BASIS], basis
        assert result[0].severity == Severity.HOOG
    assert run(findings, [entry(basis="Participatiewet")], retention=[facts(P7Y=0)]) == []


def test_dpia_missing_for_bsn_at_scale() -> None:
    findings = [col("public.clients.bsn", "NL_BSN")]
    big = RetentionFacts("sociaal", "public.clients", "einddatum", 50_000, None, {"P7Y": 0})
    result = run(findings, [entry(dpia=None)], retention=[big])
    assert kinds(result) == [K.DPIA_MISSING]
    assert "grote schaal" in result[0].details
    assert run(findings, [entry(dpia=None)], retention=[facts(P7Y=0)]) == []


def test_retention_exceeded_exact() -> None:
    findings = [col("public.clients.naam", "PERSON")]
    result = run(findings, [entry()], retention=[facts(P5Y=300, P7Y=120, P10Y=40)])
    assert kinds(result) == [K.RETENTION_EXCEEDED]
    d = result[0]
    assert d.count == 120
    assert d.oldest == date(2009, 4, 1)
    assert d.severity == Severity.MIDDEL
    assert "einddatum" in d.details
    assert "exact" in d.details
    assert "7 jaar" in d.details


def test_retention_exceeded_lower_bound_and_longest_period() -> None:
    findings = [col("public.clients.bsn", "NL_BSN")]
    register = [entry(name="A", retention="5 jaar"), entry(name="B", retention="11 jaar")]
    result = run(findings, register, retention=[facts(P5Y=300, P10Y=40, P12Y=25)])
    assert kinds(result) == [K.RETENTION_EXCEEDED]
    assert result[0].count == 25
    assert "ten minste" in result[0].details.lower()
    assert "'B'" in result[0].details
    assert result[0].severity == Severity.HOOG  # BSN involved


def test_retention_permanent_is_never_exceeded() -> None:
    findings = [col("public.clients.naam", "PERSON")]
    result = run(findings, [entry(retention="blijvend")], retention=[facts(P1W=500)])
    assert result == []


def test_retention_unknown_severity() -> None:
    result = run([col("public.clients.naam", "PERSON")], [entry(retention="[bewaartermijn]")])
    assert kinds(result) == [K.RETENTION_UNKNOWN]
    assert result[0].severity == Severity.LAAG
    result = run([col("public.clients.bsn", "NL_BSN")], [entry(retention=None)])
    assert kinds(result) == [K.RETENTION_UNKNOWN]
    assert result[0].severity == Severity.MIDDEL


def test_scan_incomplete_one_per_gap() -> None:
    gaps = [
        ScanGap("sociaal", None, "Database niet bereikbaar (time-out)."),
        ScanGap("sociaal", "public.big", "Tabel te groot; steekproef afgebroken."),
    ]
    result = run([], [entry()], gaps=gaps)
    assert kinds(result) == [K.SCAN_INCOMPLETE, K.SCAN_INCOMPLETE]
    assert all(d.severity == Severity.MIDDEL for d in result)
    assert "time-out" in result[0].details
    assert result[1].location == "public.big"


def test_activities_override_system() -> None:
    binding = SourceBinding("share", "Netwerkschijf Wmo", {"Bezwaar/*": "Bezwaar en beroep"})
    register = [
        entry(name="Wmo", systems=("Netwerkschijf Wmo",), categories=frozenset({"naw"})),
        entry(name="Bezwaar en beroep", systems=(), categories=frozenset({"naw", "contact"})),
    ]
    findings = [
        doc("Bezwaar/2024/brief.docx", "EMAIL_ADDRESS"),
        doc("Wmo/aanvraag.pdf", "EMAIL_ADDRESS"),
        doc("Overig/x.txt", "PERSON"),
    ]
    result = run(findings, register, bindings=[binding])
    assert [(d.kind, d.location) for d in result] == [(K.UNDOCUMENTED_CATEGORY, "Wmo/aanvraag.pdf")]
    assert result[0].register_entry == "Wmo"


def test_activity_naming_missing_entry() -> None:
    binding = SourceBinding("share", "Netwerkschijf Wmo", {"Bezwaar/*": "Bestaat niet"})
    result = run([doc("Bezwaar/a.docx", "PERSON")], [entry()], bindings=[binding])
    assert kinds(result) == [K.UNDOCUMENTED_PROCESSING]
    assert "Bestaat niet" in result[0].details


def test_file_retention_uses_modified_date() -> None:
    binding = SourceBinding("share", "Netwerkschijf Wmo")
    file_facts = RetentionFacts("share", "Wmo/a.pdf", "modified", 1, date(2010, 1, 1), {"P7Y": 1})
    result = run(
        [doc("Wmo/a.pdf", "PERSON")],
        [entry(systems=("Netwerkschijf Wmo",))],
        bindings=[binding],
        retention=[file_facts],
    )
    assert kinds(result) == [K.RETENTION_EXCEEDED]
    assert "wijzigingsdatum" in result[0].details


def test_deterministic_order_by_severity() -> None:
    findings = [col("public.a.naam", "PERSON"), col("public.b.bsn", "NL_BSN")]
    gaps = [ScanGap("sociaal", "public.c", "fout")]
    result = run(findings, [], gaps=gaps)
    assert [d.severity for d in result] == [Severity.HOOG, Severity.MIDDEL, Severity.MIDDEL]
    assert result == run(list(reversed(findings)), [], gaps=gaps)


@pytest.mark.parametrize("entity", ["UNKNOWN_ENTITY"])
def test_unknown_entities_and_zero_hits_are_ignored(entity: str) -> None:
    assert run([col("public.a.x", entity), col("public.a.y", "NL_BSN", hits=0)], []) == []


def test_details_never_hold_evidence() -> None:
    result = run([col("public.a.bsn", "NL_BSN")], [])
    assert "1234*****" not in result[0].details


# ---------------------------------------------------------------------------------------------
# Registered, not found; the most favourable rule; proxy dates; identity across runs

SHARE = SourceBinding(source="share", system="Netwerkschijf Wmo")


def test_registered_not_found_only_with_complete_scans() -> None:
    wmo = entry(categories=frozenset({"naw", "bsn", "gezondheid"}))
    parkeren = entry(
        name="Parkeren", categories=frozenset({"voertuig"}), systems=("Netwerkschijf Wmo",)
    )
    both = entry(
        name="Beide", categories=frozenset({"naw"}), systems=("Suite4Sociaal Domein", "Elders")
    )
    findings = [col("public.clients.naam", "PERSON"), col("public.clients.bsn", "NL_BSN")]
    register = [wmo, parkeren, both]
    without = run(findings, register, bindings=[BINDING, SHARE], retention=[facts(P7Y=0)])
    assert K.REGISTERED_NOT_FOUND not in kinds(without)  # backwards compatible default

    result = run(
        findings, register, bindings=[BINDING, SHARE], retention=[facts(P7Y=0)],
        scanned_sources=["sociaal", "share"],
    )  # fmt: skip
    not_found = {d.register_entry: d for d in result if d.kind == K.REGISTERED_NOT_FOUND}
    assert set(not_found) == {"Wmo", "Parkeren"}  # "Beide" names a system nobody scans
    assert not_found["Wmo"].categories == ("gezondheid",)  # naw and bsn were found
    assert not_found["Wmo"].severity == Severity.LAAG
    assert not_found["Wmo"].source == "sociaal"
    assert not_found["Parkeren"].categories == ("voertuig",)  # nothing of it found at all
    assert not_found["Parkeren"].severity == Severity.MIDDEL
    assert "rij 2" in not_found["Parkeren"].details

    gap = ScanGap("share", "Map", "geen toegang")
    partial = run(
        findings, register, bindings=[BINDING, SHARE], retention=[facts(P7Y=0)],
        scanned_sources=["sociaal", "share"], gaps=[gap],
    )  # fmt: skip
    names = {d.register_entry for d in partial if d.kind == K.REGISTERED_NOT_FOUND}
    assert names == {"Wmo"}  # an incomplete source cannot prove absence


def test_most_favourable_rule_decides_and_is_named() -> None:
    findings = [
        col("public.clients.naam", "PERSON"),
        col("public.clients.notitie", "SPECIAL_HEALTH"),
    ]
    short = entry(
        name="Kort",
        categories=frozenset({"naw", "gezondheid"}),
        retention="2 jaar",
        dpia="nee",
        special_basis="Art. 9 lid 2 sub h",
    )
    long = entry(
        name="Lang",
        categories=frozenset({"naw"}),
        retention="10 jaar na beëindiging",
        dpia="gepland",
    )
    older = facts(P2Y=40, P10Y=3)
    result = run(findings, [short, long], retention=[older])
    assert kinds(result) == [K.RETENTION_EXCEEDED, K.DPIA_MISSING]
    exceeded = result[0]
    assert exceeded.count == 3  # the longest period of the two applies
    assert "verwerking 'Lang'" in exceeded.details and "'Kort' (rij 2)" in exceeded.details
    assert "gunstigste" in exceeded.details
    assert exceeded.register_entry == "Kort; Lang"
    dpia = result[1]
    assert dpia.severity == Severity.MIDDEL  # "gepland" is the best status of the two
    assert "'Kort': onbekend; 'Lang': gepland" in dpia.details


def test_dpia_not_needed_is_middel_and_unknown_is_hoog() -> None:
    findings = [col("public.clients.notitie", "SPECIAL_HEALTH")]
    base = {"categories": frozenset({"gezondheid"}), "special_basis": "art. 9 lid 2 sub h"}
    not_needed = run(findings, [entry(dpia="Niet nodig", **base)], retention=[facts(P7Y=0)])  # type: ignore[arg-type]
    assert [(d.kind, d.severity) for d in not_needed] == [(K.DPIA_MISSING, Severity.MIDDEL)]
    unknown = run(findings, [entry(dpia="Nee", **base)], retention=[facts(P7Y=0)])  # type: ignore[arg-type]
    assert [(d.kind, d.severity) for d in unknown] == [(K.DPIA_MISSING, Severity.HOOG)]


def test_conditional_retention_uses_longest_and_says_so() -> None:
    findings = [col("public.clients.bsn", "NL_BSN")]
    register = [entry(retention="5 jaar na afwijzing, 10 jaar na toekenning")]
    result = run(findings, register, retention=[facts(P5Y=80, P10Y=12)])
    assert kinds(result) == [K.RETENTION_EXCEEDED]
    assert result[0].count == 12
    assert "de langste (10 jaar) is gebruikt" in result[0].details


@pytest.mark.parametrize(
    ("date_column", "date_source", "lower_bound"),
    [
        ("einddatum", "event", False),
        ("einddatum", "configured", False),
        ("aangemaakt_op", "created", True),
        ("aangemaakt_op", None, True),  # guessed from the column name
        ("datum_beeindiging", None, False),
    ],
)
def test_event_rule_on_a_creation_date_is_a_lower_bound(
    date_column: str, date_source: str | None, lower_bound: bool
) -> None:
    findings = [col("public.clients.bsn", "NL_BSN")]
    measured = RetentionFacts(
        "sociaal", "public.clients", date_column, 500, date(2009, 4, 1), {"P10Y": 7},
        date_source=date_source,  # type: ignore[arg-type]
    )  # fmt: skip
    result = run(findings, [entry(retention="10 jaar na beëindiging")], retention=[measured])
    assert kinds(result) == [K.RETENTION_EXCEEDED]
    details = result[0].details
    assert ("ondergrens" in details.lower()) is lower_bound
    assert ("Ten hoogste 7 rijen" in details) is lower_bound
    assert result[0].severity == (Severity.MIDDEL if lower_bound else Severity.HOOG)
    assert f"kolom '{date_column}'" in details


def test_key_is_stable_when_numbers_change() -> None:
    findings = [col("public.clients.bsn", "NL_BSN")]
    first = run(findings, [entry()], retention=[facts(P7Y=12)])[0]
    later = run(findings, [entry()], retention=[facts(P7Y=30)])[0]
    assert first.count != later.count and first.key == later.key
    other_entry = run(findings, [entry(name="Andere")], retention=[facts(P7Y=12)])[0]
    assert other_entry.key != first.key
    assert len(first.key) == 16
