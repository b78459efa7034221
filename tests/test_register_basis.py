"""Legal basis, art. 9/10 exception and DPIA status understood from Dutch register wording."""

from __future__ import annotations

import pytest

from register_sync.basis import dpia_status, names_legal_duty, parse_legal_basis
from register_sync.models import RegisterEntry
from register_sync.retention import parse_retention


@pytest.mark.parametrize(
    ("text", "grounds", "laws"),
    [
        (
            "Art. 6 lid 1 sub e AVG, Wet maatschappelijke ondersteuning 2015",
            ("e",),
            ("Wet maatschappelijke ondersteuning 2015",),
        ),
        ("Wettelijke verplichting; Participatiewet", ("c",), ("Participatiewet",)),
        (
            "Taak van algemeen belang (Gemeentewet)",
            ("e",),
            ("Taak van algemeen belang (Gemeentewet",),
        ),
        ("Toestemming van de betrokkene", ("a",), ()),
        ("Uitvoering van een overeenkomst", ("b",), ()),
        ("Gerechtvaardigd belang", ("f",), ()),
        ("Vitaal belang", ("d",), ()),
        (
            "art. 6(1)(c) AVG en art. 2.3.2 Wmo 2015",
            ("c",),
            ("art. 6(1)(c) AVG en art. 2.3.2 Wmo 2015",),
        ),
        ("AVG 6.1.e; Jeugdwet", ("e",), ("Jeugdwet",)),
        ("Art. 6 lid 1 onder a en b AVG", ("a", "b"), ()),
        ("Algemene verordening gegevensbescherming", (), None),
        ("nvt", (), None),
        ("", (), None),
        (None, (), None),
    ],
)
def test_parse_legal_basis(
    text: str | None, grounds: tuple[str, ...], laws: tuple[str, ...] | None
) -> None:
    basis = parse_legal_basis(text)
    if laws is None:
        assert basis is None
        return
    assert basis is not None
    assert basis.grounds == grounds
    assert basis.laws == laws


@pytest.mark.parametrize(
    ("text", "duty"),
    [
        ("Art. 6 lid 1 sub e AVG, Wmo 2015", True),
        ("Wettelijke verplichting, Wet BRP", True),
        ("Participatiewet", True),  # a law alone: the law is the basis
        ("Art. 6 lid 1 sub e AVG", False),  # no law named
        ("Toestemming, Wet op de lijkbezorging", False),  # consent is no legal duty
        ("Toestemming", False),
        (None, False),
    ],
)
def test_names_legal_duty(text: str | None, duty: bool) -> None:
    assert names_legal_duty(parse_legal_basis(text)) is duty


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Ja", "uitgevoerd"),
        ("Ja, 2021", "uitgevoerd"),
        ("Uitgevoerd in 2022", "uitgevoerd"),
        ("Afgerond", "uitgevoerd"),
        ("Gepland Q3", "gepland"),
        ("In uitvoering", "gepland"),
        ("Nog niet, gepland 2026", "gepland"),
        ("Niet nodig", "niet nodig"),
        ("n.v.t.", "niet nodig"),
        ("Niet van toepassing", "niet nodig"),
        ("Nee", "onbekend"),
        ("Geen", "onbekend"),
        ("?", "onbekend"),
        ("", "onbekend"),
        (None, "onbekend"),
        ("zie map", "onbekend"),
    ],
)
def test_dpia_status(text: str | None, status: str) -> None:
    assert dpia_status(text) == status


def test_entry_understands_its_cells_and_keeps_the_text() -> None:
    entry = RegisterEntry(
        row=3,
        name="Wmo",
        retention=parse_retention("7 jaar"),
        legal_basis="Wettelijke verplichting: Wmo 2015",
        special_basis="Art. 9 lid 2 sub h AVG",
        dpia="gepland",
    )
    assert entry.basis is not None and entry.basis.grounds == ("c",)
    assert entry.basis.laws == ("Wettelijke verplichting: Wmo 2015",)
    assert entry.legal_basis == "Wettelijke verplichting: Wmo 2015"
    assert entry.special_basis_present is True
    assert entry.dpia_status == "gepland"
    assert "wettelijke verplichting" in entry.basis.describe()


def test_special_basis_from_basis_text_or_column() -> None:
    def entry(**kwargs: str | None) -> RegisterEntry:
        return RegisterEntry(row=2, name="x", retention=parse_retention(None), **kwargs)  # type: ignore[arg-type]

    assert entry(special_basis="nee").special_basis_present is False
    assert entry(special_basis=None).special_basis_present is False
    assert entry(legal_basis="Art. 6 lid 1 sub e; art. 30 UAVG").special_basis_present is True
    assert entry(special_basis="Uitzondering: art. 9 lid 2 sub g").special_basis_present is True
    # given explicitly, the parsed fields are kept as they are
    assert entry(dpia="Ja", dpia_status="onbekend").dpia_status == "onbekend"  # type: ignore[arg-type]
