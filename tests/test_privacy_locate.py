"""Locate one person: hand-built estate over SQLite, PostgreSQL, MariaDB and two files; the demo.

The hand-built person is stored in a different odd form in every system (dotted BSN, BSN as an
integer without its leading zero, grouped lower-case IBAN, +31 phone number, upper-case e-mail)
and searched with yet other forms, so only the normalisation can make them meet.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from faker import Faker
from presidio_analyzer import AnalyzerEngine

from pipelines.config import AvgscanConfig, ConfigError, load_config
from pipelines.defs.privacy_jobs import locate_person_job
from pipelines.defs.resources import AvgscanResource
from pipelines.demo import generate_demo
from pipelines.demo import identifiers as gen
from pipelines.privacy.audit import AuditRecord, AuditTrail
from pipelines.privacy.identifiers import IdentifierError, parse_identifiers
from pipelines.privacy.locate import LocateResult
from pipelines.privacy.requests import answer_locate_request
from pipelines.runner import compare_latest, scan_sources
from pipelines.store import FindingsStore
from scanners import build_analyzer

KEY = bytes.fromhex("7a" * 32)


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


@dataclass(frozen=True)
class Subject:
    bsn: str
    iban: str
    phone: str
    email: str
    name: str


def _bsn_with_leading_zero(rng: random.Random) -> str:
    """A valid BSN starting with 0: the one an integer column stores with 8 digits."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2)
    while True:
        head = [0] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * w for d, w in zip(head, weights, strict=True)) % 11
        if check < 10:
            return "".join(map(str, head)) + str(check)


def _subject(rng: random.Random, fake: Faker) -> Subject:
    bsn = _bsn_with_leading_zero(rng)
    return Subject(
        bsn=bsn,
        iban=gen.iban(rng),
        phone="06" + "".join(str(rng.randint(0, 9)) for _ in range(8)),
        email=f"{fake.user_name()}{rng.randint(100, 999)}@example.nl",
        name=f"{fake.first_name()} {fake.last_name()}",
    )


def _people(rng: random.Random, fake: Faker, n: int) -> list[Subject]:
    return [_subject(rng, fake) for _ in range(n)]


@dataclass(frozen=True)
class Estate:
    config: AvgscanConfig
    person: Subject
    stranger: Subject  # valid identifiers, stored nowhere


@pytest.fixture(scope="module")
def estate(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_url: str,
    mariadb_url: str,
    analyzer: AnalyzerEngine,
) -> Estate:
    root = tmp_path_factory.mktemp("estate")
    rng = random.Random("privacy-locate")
    fake = Faker("nl_NL")
    fake.seed_instance(7)
    person, stranger = _subject(rng, fake), _subject(rng, fake)
    others = _people(rng, fake, 30)
    suffix = uuid.uuid4().hex[:6]

    # System 1, SQLite: BSN dotted, e-mail in capitals.
    with sqlite3.connect(root / "zorg.sqlite") as lite:
        lite.execute(
            "CREATE TABLE clienten (id INTEGER PRIMARY KEY, bsn TEXT, naam TEXT, email TEXT)"
        )
        rows = [(p.bsn, p.name, p.email) for p in others]
        b = person.bsn
        rows.insert(7, (f"{b[:3]}.{b[3:6]}.{b[6:]}", person.name, person.email.upper()))
        lite.executemany("INSERT INTO clienten (bsn, naam, email) VALUES (?, ?, ?)", rows)
    # System 2, PostgreSQL: BSN as an integer (leading zero dropped), twice (two records).
    pg_table = f"medewerkers_{suffix}"
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE TABLE {pg_table} (id serial, bsn bigint, naam text)"))
        values = [{"b": int(p.bsn), "n": p.name} for p in others]
        values += [{"b": int(person.bsn), "n": person.name}] * 2
        conn.execute(sa.text(f"INSERT INTO {pg_table} (bsn, naam) VALUES (:b, :n)"), values)
    engine.dispose()
    # System 3, MariaDB: IBAN grouped in blocks of four, phone as +31 6 ...
    my_table = f"klanten_{suffix}"
    engine = sa.create_engine(mariadb_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(f"CREATE TABLE {my_table} (id int, iban varchar(40), telefoon varchar(30))")
        )

        def grouped(iban: str) -> str:
            return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))

        values = [{"i": n, "iban": grouped(p.iban), "t": p.phone} for n, p in enumerate(others)]
        values.append({"i": 99, "iban": grouped(person.iban), "t": f"+31 6 {person.phone[2:]}"})
        conn.execute(
            sa.text(f"INSERT INTO {my_table} (id, iban, telefoon) VALUES (:i, :iban, :t)"),
            values,
        )
    engine.dispose()
    # Two files on a share: a letter with the BSN, a CSV export with the e-mail address.
    share = root / "share" / "Zorg"
    share.mkdir(parents=True)
    (share / "brief_aan_client.txt").write_text(
        "Gemeente Voorbeeld\n\nGeachte heer/mevrouw,\n\nUw burgerservicenummer (BSN): "
        f"{person.bsn}\nWij hebben uw aanvraag voor de Wmo ontvangen.\n",
        encoding="utf-8",
    )
    export = ["naam;email"] + [f"{p.name};{p.email}" for p in others[:10]]
    export.insert(4, f"{person.name};{person.email}")
    (share / "export.csv").write_text("\n".join(export) + "\n", encoding="utf-8")
    (root / "register.csv").write_text(
        "Naam verwerking;Categorieën persoonsgegevens;Bewaartermijn;Systemen\n"
        "Zorgverlening;NAW, BSN, e-mailadres;15 jaar na beëindiging;Zorgsysteem\n",
        encoding="utf-8",
    )
    (root / "avgscan.yaml").write_text(
        "organisation: Gemeente Test\n"
        "store: sqlite:///store.db\n"
        "register:\n  path: register.csv\n"
        "sources:\n"
        "  - {name: zorg, type: database, url: 'sqlite:///zorg.sqlite', system: Zorgsysteem}\n"
        f"  - {{name: hr, type: database, url: '{postgres_url}', system: HR,"
        f" include: ['public.{pg_table}']}}\n"
        f"  - {{name: crm, type: database, url: '{mariadb_url}', system: CRM,"
        f" include: ['*{my_table}']}}\n"
        "  - {name: share, type: files, path: share, system: Netwerkschijf}\n",
        encoding="utf-8",
    )
    config = load_config(root / "avgscan.yaml")
    with FindingsStore(config.store) as store:
        run = store.start_run("nightly", config.organisation)
        scan_sources(
            config, analyzer, store, run.id, [s.name for s in config.sources], hmac_key=KEY
        )
        compare_latest(config, store, run.id)
    return Estate(config, person, stranger)


def _ids_text(p: Subject) -> str:
    b = p.bsn
    phone = p.phone
    return (
        f"bsn: {b[1:]}\n"  # 8 digits, leading zero dropped by whoever typed it
        f"E-mail: {p.email.title()}\n"
        f"iban: {p.iban[:4].lower()} {p.iban[4:]}\n"
        f"telefoon: 0031 {phone[1]} {phone[2:6]} {phone[6:]}\n"
    )


def _locate(
    estate: Estate, text: str, out: Path, *, free_text: bool = False, free_text_rows: int = 1000
) -> tuple[LocateResult, list[Path], AuditRecord]:
    return answer_locate_request(
        estate.config,
        parse_identifiers(text),
        key=KEY,
        requested_by="FG-test",
        purpose="inzage",
        out_dir=out,
        free_text=free_text,
        free_text_rows=free_text_rows,
    )


def test_a_person_is_found_in_three_systems_and_two_files(estate: Estate, tmp_path: Path) -> None:
    result, written, record = _locate(estate, _ids_text(estate.person), tmp_path)
    found = {(i.source, i.location_type): i for i in result.items}
    assert {s for s, _ in found} == {"zorg", "hr", "crm", "share"}
    assert found[("zorg", "tabel")].records == 1
    assert set(found[("zorg", "tabel")].matched_on) == {
        "het opgegeven BSN",
        "het opgegeven e-mailadres",
    }
    hr = next(i for i in result.items if i.source == "hr")
    assert hr.records == 2 and hr.certainty == "zeker"
    crm = next(i for i in result.items if i.source == "crm")
    assert set(crm.matched_on) == {"het opgegeven IBAN", "het opgegeven telefoonnummer"}
    files = sorted(i.location for i in result.items if i.location_type == "bestand")
    assert files == ["Zorg/brief_aan_client.txt", "Zorg/export.csv"]
    zorg = found[("zorg", "tabel")]
    assert [e.name for e in zorg.register_entries] == ["Zorgverlening"]
    assert zorg.register_entries[0].retention == "15 jaar na beëindiging"
    assert "Burgerservicenummer" in zorg.categories
    assert record.hits == len(result.items) == 5
    assert {p.name for p in written} == {"opvraging.html", "opvraging.json"}
    html = written[0].read_text(encoding="utf-8")
    assert "het opgegeven BSN" in html and "Zorgverlening" in html


def test_a_person_present_nowhere_gets_an_empty_answer(estate: Estate, tmp_path: Path) -> None:
    result, written, record = _locate(estate, _ids_text(estate.stranger), tmp_path)
    assert result.items == ()
    assert all(s.status == "doorzocht" for s in result.sources)
    assert record.hits == 0
    assert "geen gegevens over de betrokkene gevonden" in written[0].read_text(encoding="utf-8")


def test_free_text_is_searched_only_when_asked(estate: Estate, tmp_path: Path) -> None:
    # The name is in a free-text column (naam) only; without a birth date, names are not
    # searched as identifiers, so only --free-text finds it, as "waarschijnlijk".
    text = f"e-mail: {estate.stranger.email}\nnaam: {estate.person.name}\ngeboortedatum: 1-1-1950\n"
    plain, _, _ = _locate(estate, text, tmp_path / "a")
    assert [i for i in plain.items if i.location_type == "tabel"] == []
    wide, _, _ = _locate(estate, text, tmp_path / "b", free_text=True, free_text_rows=100)
    tables = [i for i in wide.items if i.location_type == "tabel"]
    assert tables and all(i.certainty == "waarschijnlijk" for i in tables)
    assert all("vrije tekst" in i.method for i in tables)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bsn: 123456789\n", "elfproef"),
        ("iban: NL00ABNA0123456789\n", "controlegetal"),
        ("naam: Jan Jansen\n", "samen"),
        ("kleur: blauw\n", "onbekende soort"),
        ("# alleen commentaar\n", "geen identificerende"),
    ],
)
def test_unusable_identifiers_are_refused_without_echoing_them(text: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message) as caught:
        parse_identifiers(text)
    value = text.split(":", 1)[1].strip() if ":" in text else ""
    if value and not text.startswith("kleur"):
        assert value not in str(caught.value)


def test_identifiers_never_show_in_repr() -> None:
    ids = parse_identifiers("bsn: 111222333\ne-mail: a.b@example.nl\n")
    assert "111222333" not in repr(ids) and "example" not in str(ids)
    assert repr(ids) == "SubjectIdentifiers(<bsn, email>)"


def test_locate_needs_the_key(estate: Estate, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="AVGSCAN_HMAC_KEY"):
        answer_locate_request(
            estate.config,
            parse_identifiers(_ids_text(estate.person)),
            key=None,
            requested_by="FG",
            purpose="inzage",
            out_dir=tmp_path,
        )


def _clear_forms_found(forms: set[str], blobs: dict[str, bytes]) -> list[str]:
    leaks: list[str] = []
    for where, blob in blobs.items():
        text = blob.decode("utf-8", errors="ignore").casefold()
        leaks.extend(f"{form!r} in {where}" for form in forms if form.casefold() in text)
    return leaks


def _store_dump(url: str) -> bytes:
    engine = sa.create_engine(url)
    parts = []
    with engine.connect() as conn:
        for name in sa.inspect(conn).get_table_names():
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            for row in conn.execute(table.select()):
                parts.append(repr(tuple(row)))
    engine.dispose()
    return "\n".join(parts).encode()


def test_no_supplied_identifier_is_written_anywhere_in_clear(
    estate: Estate,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    text = _ids_text(estate.person) + f"naam: {estate.person.name}\ngeboortedatum: 3-4-1980\n"
    ids = parse_identifiers(text)
    forms = ids.clear_forms() | {estate.person.bsn, estate.person.email.title()}
    forms = {f for f in forms if len(f) >= 6}
    assert forms
    identifiers_file = tmp_path / "private" / "verzoek.txt"
    identifiers_file.parent.mkdir()
    identifiers_file.write_text(text, encoding="utf-8")
    # the CLI ...
    from pipelines.cli import main

    monkeypatch.setenv("AVGSCAN_HMAC_KEY", KEY.hex())
    cli_out = tmp_path / "cli"
    assert (
        main(
            [
                "locate",
                "--config",
                str(estate.config.base_dir / "avgscan.yaml"),
                "--identifiers",
                str(identifiers_file),
                "--by",
                "FG-test",
                "--out",
                str(cli_out),
            ]
        )
        == 0
    )
    # ... and the Dagster job, on an instance whose storage is on disk
    dagster_home = tmp_path / "dagster"
    dagster_home.mkdir()
    dagster_out = tmp_path / "dagster-answer"
    with dg.instance_for_test(temp_dir=str(dagster_home)) as instance:
        run = locate_person_job.execute_in_process(
            instance=instance,
            run_config={
                "ops": {
                    "locate_person": {
                        "config": {
                            "identifiers_path": str(identifiers_file),
                            "report_dir": str(dagster_out),
                            "requested_by": "FG-test",
                        }
                    }
                }
            },
            resources={
                "avgscan": AvgscanResource(config_path=str(estate.config.base_dir / "avgscan.yaml"))
            },
        )
        assert run.success
        assert run.output_for_node("locate_person") == 5
        events = "\n".join(repr(e) for e in instance.all_logs(run.run_id)).encode()
    blobs = {"store": _store_dump(estate.config.store), "dagster events": events}
    for folder in (cli_out, dagster_out, dagster_home):
        for path in folder.rglob("*"):
            if path.is_file():
                blobs[str(path)] = path.read_bytes()
    blobs["logs"] = caplog.text.encode()
    assert any(p.endswith("opvraging.html") for p in blobs)
    assert _clear_forms_found(forms, blobs) == []
    with FindingsStore(estate.config.store) as store:
        trail = AuditTrail(store.engine).log()
    fingerprints = ids.fingerprints(KEY)
    last = trail[-1]
    assert last.requested_by == "FG-test" and last.purpose == "inzage"
    assert set(last.fingerprints["NL_BSN"]) == fingerprints["NL_BSN"]
    assert "share" in last.sources and last.hits == 5


# -- the demo ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, analyzer: AnalyzerEngine
) -> Iterator[AvgscanConfig]:
    config = load_config(generate_demo(tmp_path_factory.mktemp("demo") / "gemeente").config_path)
    with FindingsStore(config.store) as store:
        run = store.start_run("nightly", config.organisation)
        scan_sources(
            config, analyzer, store, run.id, [s.name for s in config.sources], hmac_key=KEY
        )
        compare_latest(config, store, run.id)
    yield config


def _demo_resident(config: AvgscanConfig) -> tuple[str, str]:
    """(BSN, birth date) of the resident the demo's Wmo letter is addressed to."""
    path = config.base_dir / "databases" / "burgerzaken.sqlite"
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT bsn, geboortedatum FROM inwoners WHERE voornamen = 'Pieter' "
            "AND geslachtsnaam = 'Vries' AND voorvoegsel = 'de'"
        ).fetchone()
    return row[0], row[1]


def test_demo_resident_is_found_in_wmo_brp_and_the_letter(
    demo: AvgscanConfig, tmp_path: Path
) -> None:
    bsn, born = _demo_resident(demo)
    y, m, d = born.split("-")
    for text in (
        f"bsn: {bsn[:4]}.{bsn[4:6]}.{bsn[6:]}\n",
        f"naam: Pieter de Vries\ngeboortedatum: {d}/{m}/{y}\n",
    ):
        result, _, _ = answer_locate_request(
            demo, parse_identifiers(text), key=KEY, requested_by="FG", purpose="inzage",
            out_dir=tmp_path,
        )  # fmt: skip
        where = {(i.source, i.location) for i in result.items}
        assert ("sociaal_domein", "wmo_clienten") in where
        assert ("burgerzaken", "inwoners") in where
        assert ("netwerkschijf", "Wmo/Correspondentie/2011/brief_WMO-2011-0412.txt") in where
        letter = next(i for i in result.items if i.source == "netwerkschijf")
        assert [e.name for e in letter.register_entries] == ["Wmo-maatwerkvoorzieningen"]
        assert "Gezondheidsgegevens" in letter.special
