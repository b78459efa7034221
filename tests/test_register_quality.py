"""Register quality: the Great Expectations suite over hand-built entries, offline."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from register_sync.load import load_register
from register_sync.models import RegisterEntry
from register_sync.quality import CHECKS, _validation, check_register_quality
from register_sync.retention import parse_retention


def entry(row: int, name: str, **kwargs: object) -> RegisterEntry:
    values: dict[str, object] = {
        "purpose": "Uitvoering Wmo", "legal_basis": "Wettelijke verplichting, Wmo 2015",
        "categories": frozenset({"naw"}), "retention": parse_retention("7 jaar"),
        "systems": ("Suite4Sociaal Domein",),
    }  # fmt: skip
    values.update(kwargs)
    return RegisterEntry(row=row, name=name, **values)  # type: ignore[arg-type]


def checks(problems: list) -> set[tuple[int, str | None]]:  # type: ignore[type-arg]
    return {(p.row, p.check) for p in problems}


def test_a_complete_register_passes() -> None:
    register = [entry(2, "Wmo"), entry(3, "Jeugd", systems=("suite4sociaal  domein",))]
    assert check_register_quality(register, declared_systems=["Suite4Sociaal Domein"]) == []


def test_each_check_names_the_row() -> None:
    register = [
        entry(2, "Wmo"),
        entry(3, "Zonder doel", purpose=None),
        entry(4, "Zonder grondslag", legal_basis="  "),
        entry(5, "Onbegrepen grondslag", legal_basis="zie beleid"),
        entry(6, "Zonder categorieën", categories=frozenset()),
        entry(7, "Zonder termijn", retention=parse_retention("[bewaartermijn]")),
        entry(8, "Zonder systeem", systems=()),
        entry(9, "Onbekend systeem", systems=("Suite4Sociaal Domein", "Excel op de G-schijf")),
        entry(10, "wmo "),
        entry(11, "Blijvend", retention=parse_retention("blijvend bewaren")),
    ]
    problems = check_register_quality(register, declared_systems=["Suite4Sociaal Domein"])
    assert checks(problems) == {
        (3, "doel"), (4, "grondslag"), (5, "grondslag_herkend"), (6, "categorieen"),
        (7, "bewaartermijn"), (8, "systemen"), (9, "systemen_bekend"), (2, "unieke_naam"),
        (10, "unieke_naam"),
    }  # fmt: skip
    by_check = {p.check: p for p in problems}
    assert "sjabloontekst" in by_check["bewaartermijn"].message  # says why
    assert "'Excel op de G-schijf'" in by_check["systemen_bekend"].message
    assert "Suite4" not in by_check["systemen_bekend"].message  # only the undeclared one
    assert by_check["systemen_bekend"].column == "Systemen/Applicaties"
    assert next(p for p in problems if p.row == 10).message.endswith("staat ook op rij 2.")
    assert {c.name for c in CHECKS} >= {p.check for p in problems}


def test_declared_systems_check_skipped_without_config() -> None:
    register = [entry(2, "Wmo", systems=("Iets anders",))]
    assert check_register_quality(register) == []
    assert check_register_quality([]) == []


def test_quality_runs_on_import_and_fails_nothing(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "Naam verwerking;Doel;Grondslag;Categorieën persoonsgegevens;Bewaartermijn;Systemen\n"
        "Wmo;Ondersteuning;Wmo 2015;NAW;7 jaar;Suite\n"
        "Wmo;;Wmo 2015;NAW;onbekend;Zaaksysteem\n",
        encoding="utf-8",
    )
    result = load_register(path, declared_systems=["Suite"])
    assert len(result.entries) == 2  # nothing fails the import
    assert {(3, "doel"), (3, "bewaartermijn"), (3, "systemen_bekend"), (3, "unieke_naam")} <= {
        (p.row, p.check) for p in result.problems
    }
    bare = load_register(path, check_quality=False)
    assert all(p.check is None for p in bare.problems)


def test_offline_and_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    _validation.cache_clear()
    started = time.perf_counter()
    check_register_quality([entry(2, "Wmo", purpose=None)])
    first = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(3):
        problems = check_register_quality([entry(2, "Wmo", purpose=None)])
    again = (time.perf_counter() - started) / 3
    assert checks(problems) == {(2, "doel")}
    assert attempts == []  # Great Expectations never reached for the network
    print(f"register quality: first run {first:.2f}s, later runs {again:.3f}s")
    assert again < 2.0
