"""The privacy officer's subcommands of `avgscan`: locate, incident, draft-register.

Identifiers are never taken from the command line (shell history, process lists): `locate`
reads them from a file (`--identifiers`) or asks for them without echo.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pipelines.config import load_config
from pipelines.keys import hmac_key_from_env
from pipelines.privacy.audit import PURPOSES
from pipelines.privacy.identifiers import (
    IdentifierError,
    SubjectIdentifiers,
    prompt_identifiers,
    read_identifiers,
)
from pipelines.privacy.locate import DEFAULT_FREE_TEXT_ROWS

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def add_privacy_commands(
    commands: Any, config_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add locate, incident and draft-register to the `avgscan` subparsers."""
    locate = commands.add_parser(
        "locate", help="find every system, table and file holding data about one person"
    )
    config_option(locate)
    locate.add_argument(
        "--identifiers",
        type=Path,
        help="file with 'soort: waarde' lines (bsn, e-mail, iban, telefoon, naam + "
        "geboortedatum); without it avgscan asks for them",
    )
    locate.add_argument("--by", help="who makes the request (name or function)")
    locate.add_argument(
        "--purpose", choices=[p for p in PURPOSES if p != "datalek"], default="inzage"
    )
    locate.add_argument("--out", type=Path, help="folder for opvraging.html and opvraging.json")
    locate.add_argument(
        "--source", action="append", default=[], metavar="NAME", help="only this source (repeat)"
    )
    locate.add_argument("--free-text", action="store_true", help="also search free-text columns")
    locate.add_argument(
        "--free-text-rows",
        type=int,
        default=DEFAULT_FREE_TEXT_ROWS,
        help=f"rows per table searched in free text (default {DEFAULT_FREE_TEXT_ROWS})",
    )
    locate.add_argument("--log", action="store_true", help="show the audit trail and stop")
    locate.set_defaults(handler=_locate)

    incident = commands.add_parser(
        "incident", help="size a data breach from the findings (advice on notification)"
    )
    config_option(incident)
    incident.add_argument("--source", action="append", default=[], metavar="NAME")
    incident.add_argument(
        "--location",
        action="append",
        default=[],
        metavar="GLOB",
        help="schema, table or folder (glob; repeat): public.*, wmo_clienten, Wmo/",
    )
    incident.add_argument(
        "--files", type=Path, help="file listing the affected files, one path per line"
    )
    incident.add_argument(
        "--discovered",
        required=True,
        help="when the breach was discovered: 'YYYY-MM-DD HH:MM' (Dutch time unless an offset)",
    )
    incident.add_argument("--by", required=True, help="who assesses (name or function)")
    incident.add_argument("--out", type=Path, required=True, help="folder for datalek.html/json")
    incident.set_defaults(handler=_incident)

    drafts = commands.add_parser(
        "draft-register",
        help="draft register rows (XLSX) for undocumented processing and categories",
    )
    config_option(drafts)
    drafts.add_argument("--out", type=Path, required=True, help="the .xlsx to write")
    drafts.add_argument(
        "--selectielijst",
        type=Path,
        help="VNG Selectielijst 2020 resultaten.json (default: register.selectielijst)",
    )
    drafts.set_defaults(handler=_draft_register)


def _ask(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)  # no echo: nothing stays in the terminal's scrollback
    print(prompt, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline()


def _locate(args: argparse.Namespace) -> int:
    from pipelines.privacy.audit import AuditTrail
    from pipelines.privacy.requests import answer_locate_request
    from pipelines.store import FindingsStore

    config = load_config(args.config)
    if args.log:
        with FindingsStore(config.store) as store:
            for record in AuditTrail(store.engine).log():
                print(
                    f"{record.requested_at:%Y-%m-%d %H:%M} {record.kind} {record.purpose} door "
                    f"{record.requested_by}: {len(record.sources)} bronnen, {record.hits} treffers"
                    + (f" ({record.scope})" if record.scope else "")
                )
        return EXIT_OK
    missing = [o for o in ("by", "out") if not getattr(args, o)]
    if missing:
        print(f"avgscan locate: also give --{', --'.join(missing)}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        identifiers: SubjectIdentifiers = (
            read_identifiers(args.identifiers) if args.identifiers else prompt_identifiers(_ask)
        )
    except IdentifierError as exc:
        print(f"avgscan locate: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    result, written, record = answer_locate_request(
        config,
        identifiers,
        key=hmac_key_from_env(),
        requested_by=args.by,
        purpose=args.purpose,
        out_dir=args.out,
        sources=args.source,
        free_text=args.free_text,
        free_text_rows=args.free_text_rows,
    )
    partial = [s.source for s in result.sources if s.status != "doorzocht"]
    print(
        f"{len(result.items)} plaatsen gevonden in {len(result.sources)} bronnen"
        + (f" (niet of gedeeltelijk doorzocht: {', '.join(partial)})" if partial else "")
    )
    print(f"Vastgelegd in het auditlog (verzoek {record.id}).")
    for path in written:
        print(path)
    return EXIT_OK


def parse_discovered(text: str) -> datetime:
    """'YYYY-MM-DD HH:MM' in Dutch time, or ISO 8601 with an offset."""
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise IdentifierError(
            "--discovered: expected 'YYYY-MM-DD HH:MM' (e.g. '2026-11-28 14:30')"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TIME)


def _incident(args: argparse.Namespace) -> int:
    from pipelines.privacy.incident import IncidentScope
    from pipelines.privacy.requests import answer_incident

    config = load_config(args.config)
    try:
        discovered = parse_discovered(args.discovered)
    except IdentifierError as exc:
        print(f"avgscan incident: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    files: tuple[str, ...] = ()
    if args.files:
        text = args.files.read_text(encoding="utf-8-sig")
        files = tuple(line.strip() for line in text.splitlines() if line.strip())
    scope = IncidentScope(sources=tuple(args.source), locations=tuple(args.location), files=files)
    assessment, written, _ = answer_incident(
        config, scope, discovered_at=discovered, requested_by=args.by, out_dir=args.out
    )
    s = assessment.subjects
    print(
        f"{len(assessment.locations)} locaties, naar schatting {s.low}"
        + (f" tot {s.high}" if s.high != s.low else "")
        + f" betrokkenen{' (ondergrens)' if s.lower_bound_only else ''}"
    )
    print(f"Melden aan de AP (advies): {assessment.notify_ap.verdict}")
    print(f"Informeren betrokkenen (advies): {assessment.notify_subjects.verdict}")
    print(f"Uiterste meldtermijn: {assessment.deadline.astimezone(LOCAL_TIME):%d-%m-%Y %H:%M}")
    for path in written:
        print(path)
    return EXIT_OK


def _draft_register(args: argparse.Namespace) -> int:
    from pipelines.runner import load_register_safely
    from pipelines.store import FindingsStore
    from register_sync import load_selectielijst
    from register_sync.drafts import draft_rows, write_drafts_xlsx

    config = load_config(args.config)
    _, catalog = load_register_safely(config)
    source_list = args.selectielijst or config.register_config.selectielijst
    selectielijst = load_selectielijst(source_list) if source_list else None
    with FindingsStore(config.store) as store:
        run = store.latest_compared_run()
        if run is None:
            raise LookupError("the findings store holds no compared run yet: run a scan first")
        found = store.discrepancies(run.id)
        findings = store.comparison_input([s.name for s in config.sources]).findings
    rows = draft_rows(
        found,
        findings,
        systems={s.name: s.system for s in config.sources},
        catalog=catalog,
        selectielijst=selectielijst,
    )
    path = write_drafts_xlsx(rows, args.out)
    print(f"{len(rows)} concept-regels: {path}")
    return EXIT_OK
