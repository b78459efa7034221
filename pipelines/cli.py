"""The `avgscan` command: demo, scan, export, review, check-config, and the privacy
officer's locate, incident and draft-register (`pipelines.privacy.cli`)."""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from pipelines.config import (
    MAX_SCAN_WORKERS,
    AvgscanConfig,
    ConfigError,
    DatabaseSource,
    FilesSource,
    load_config,
)
from pipelines.keys import ensure_demo_key, hmac_key_from_env
from pipelines.progress import ProgressBar
from pipelines.store import FindingsStore, StoreError
from register_sync.models import DecisionKind, Discrepancy

log = logging.getLogger("avgscan")

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _setup_logging()
    try:
        result: int = args.handler(args)
        return result
    except ConfigError as exc:
        print(f"avgscan: configuratiefout: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except (StoreError, LookupError) as exc:
        print(f"avgscan: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except sa.exc.SQLAlchemyError as exc:
        # The store went away mid-run (scan results are in it, the comparison is not): the
        # driver's message may quote data or the URL, so only the error class is shown.
        print(
            f"avgscan: findings store niet bereikbaar of niet te schrijven "
            f"({type(exc).__name__}); het vorige rapport blijft staan, draai de scan opnieuw",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="avgscan",
        description="Find personal data in a municipality's systems and hold it against the "
        "Register van Verwerkingen.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="generate the demo municipality and run the nightly job over it"
    )
    demo.add_argument("--dir", type=Path, default=Path(".avgscan/demo"), help="demo folder")
    demo.add_argument("--seed", type=int, default=2020)
    demo.add_argument("--fresh", action="store_true", help="regenerate and forget earlier runs")
    demo.set_defaults(handler=_demo)

    scan = commands.add_parser("scan", help="scan sources now, compare, refresh the report")
    _config_option(scan)
    scan.add_argument(
        "--source", action="append", default=[], metavar="NAME", help="only this source (repeat)"
    )
    scan.add_argument(
        "--full", action="store_true", help="read every table and file again (no incremental)"
    )
    scan.add_argument(
        "--workers",
        type=_worker_count,
        default=None,
        metavar="N",
        help="scan in N worker processes, each source split over all of them; about one per "
        "core "
        "(default: scan_workers in avgscan.yaml, else 1)",
    )
    scan.set_defaults(handler=_scan)

    export = commands.add_parser("export", help="write the latest results to a folder")
    _config_option(export)
    export.add_argument(
        "--format",
        action="append",
        choices=["json", "csv", "html", "xlsx"],
        required=True,
        help="json (findings.json, discrepancies.json), csv, html (FG report), xlsx; repeatable",
    )
    export.add_argument("--out", type=Path, required=True, help="output folder")
    export.set_defaults(handler=_export)

    review = commands.add_parser(
        "review", help="the FG's review: list open items, record a decision, show the audit trail"
    )
    _config_option(review)
    review.add_argument("--decide", metavar="KEY", help="record a decision on this item")
    review.add_argument("--decision", choices=sorted(_DECISIONS), help="with --decide")
    review.add_argument("--by", help="who decides (name or function), with --decide")
    review.add_argument("--reason", help="why, with --decide")
    review.add_argument(
        "--until", type=date.fromisoformat, help="end date of the decision (YYYY-MM-DD)"
    )
    review.add_argument("--log", action="store_true", help="show every decision (audit trail)")
    review.set_defaults(handler=_review)

    check = commands.add_parser("check-config", help="validate avgscan.yaml and list sources")
    _config_option(check)
    check.set_defaults(handler=_check_config)

    from pipelines.privacy.cli import add_privacy_commands  # locate, incident, draft-register

    add_privacy_commands(commands, _config_option)
    return parser


def _worker_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_SCAN_WORKERS:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to {MAX_SCAN_WORKERS}")
    return count


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="avgscan.yaml (default: $AVGSCAN_CONFIG, ./avgscan.yaml)",
    )


def _setup_logging() -> None:
    level = os.environ.get("AVGSCAN_LOG_LEVEL", "INFO").upper()
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if level != "DEBUG":  # Presidio logs every analyze call at INFO
        logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)


def _demo(args: argparse.Namespace) -> int:
    import shutil

    import dagster as dg

    from pipelines.demo import generate_demo
    from pipelines.orchestration import run_nightly_in_process

    root = args.dir.resolve()
    if args.fresh and root.exists():
        shutil.rmtree(root)
    manifest = generate_demo(root, seed=args.seed)
    ensure_demo_key(root / ".avgscan")
    print(f"Demogemeente aangemaakt in {root}")
    dagster_home = root / ".avgscan" / "dagster"
    dagster_home.mkdir(parents=True, exist_ok=True)
    instance_yaml = dagster_home / "dagster.yaml"
    if not instance_yaml.exists():  # offline: Dagster's telemetry would try to upload
        instance_yaml.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    with dg.DagsterInstance.get() as instance:
        result = run_nightly_in_process(manifest.config_path, instance)
    config = load_config(manifest.config_path)
    report = config.reports / "latest" / "rapport.html"
    if not result.success or not report.exists():
        print("De nachtelijke scan is mislukt; zie de meldingen hierboven.", file=sys.stderr)
        return EXIT_FAILED
    with FindingsStore(config.store) as store:
        run = store.latest_compared_run()
        found = store.discrepancies(run.id) if run else []
    _summarise(found)
    print(f"FG-rapport: {report}")
    print(f"JSON: {report.parent / 'findings.json'}, {report.parent / 'discrepancies.json'}")
    print(
        "Dagster UI: "
        f"DAGSTER_HOME={dagster_home} AVGSCAN_CONFIG={manifest.config_path} "
        "dagster dev -m pipelines.definitions"
    )
    return EXIT_OK


def _scan(args: argparse.Namespace) -> int:
    from pipelines.runner import compare_latest, export, latest_report_dir, scan_sources
    from pipelines.workers import AnalyzerSettings, ScanWorkerError

    config = load_config(args.config)
    names = [config.source(n).name for n in args.source] or [s.name for s in config.sources]
    workers = args.workers or config.scan_workers
    parallel = workers > 1
    settings = AnalyzerSettings()
    # In parallel every worker builds its own analyzer; in process it is built here, once.
    analyzer = settings if parallel else settings.build()
    with FindingsStore(config.store) as store:
        run = store.start_run(
            "adhoc" if args.source else "nightly", config.organisation, run_id=uuid.uuid4().hex
        )
        try:
            results = scan_sources(
                config,
                analyzer,
                store,
                run.id,
                names,
                # Bars of sources scanned side by side cannot share one redrawn terminal line.
                progress_for=functools.partial(
                    _progress_bar, interactive=False if parallel else None
                ),
                hmac_key=hmac_key_from_env(),
                full_rescan=args.full,
                workers=workers,
            )
        except ScanWorkerError as exc:
            print(f"avgscan: {exc}", file=sys.stderr)
            return EXIT_FAILED
        comparison = compare_latest(config, store, run.id)
        written = export(config, store, latest_report_dir(config), run_id=run.id)
    for result in results:
        print(
            f"{result.source}: {result.status}, {result.items_scanned}/{result.items_total} "
            f"{result.item_kind} ({result.reused} ongewijzigd), {len(result.findings)} bevindingen"
        )
    _summarise(comparison.discrepancies)
    print(f"FG-rapport: {next(p for p in written if p.suffix == '.html')}")
    return EXIT_FAILED if any(r.status == "failed" for r in results) else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from pipelines.runner import export

    config = load_config(args.config)
    with FindingsStore(config.store) as store:
        written = export(config, store, args.out, formats=list(dict.fromkeys(args.format)))
    for path in written:
        print(path)
    return EXIT_OK


_DECISIONS = {kind.value.replace(" ", "-"): kind for kind in DecisionKind}


def _review(args: argparse.Namespace) -> int:
    from pipelines.runner import export, latest_report_dir

    config = load_config(args.config)
    with FindingsStore(config.store) as store:
        if args.log:
            for record in store.decision_log():
                until = f", tot {record.until}" if record.until else ""
                print(
                    f"{record.decided_at:%Y-%m-%d %H:%M} {record.key} {record.decision.value} "
                    f"door {record.decided_by}{until}: {record.reason}"
                )
            return EXIT_OK
        if args.decide:
            missing = [o for o in ("decision", "by", "reason") if not getattr(args, o)]
            if missing:
                print(
                    f"avgscan review --decide: also give --{', --'.join(missing)}", file=sys.stderr
                )
                return EXIT_CONFIG
            record = store.record_decision(
                args.decide,
                _DECISIONS[args.decision],
                decided_by=args.by,
                reason=args.reason,
                until=args.until,
            )
            print(f"Besluit vastgelegd: {record.key} {record.decision.value} ({record.decided_by})")
            if store.latest_compared_run() is not None:
                export(config, store, latest_report_dir(config))
            return EXIT_OK
        for item, history in store.open_items():
            decided = f" [{history.decision.value}]" if history.decision else ""
            print(
                f"{item.key} {item.severity.value:<6} {item.kind.value:<31} {item.source}"
                f" {item.location or '-'} ({history.status}){decided}"
            )
    return EXIT_OK


def _check_config(args: argparse.Namespace) -> int:
    config: AvgscanConfig = load_config(args.config)
    print(f"{config.organisation}: {len(config.sources)} bronnen, store {config.safe_store_url}")
    for source in config.sources:
        where = source.safe_url if source.type == "database" else source.path
        print(f"  {source.name} ({source.type}, systeem '{source.system}'): {where}")
    return EXIT_OK


def _progress_bar(
    source: DatabaseSource | FilesSource, *, interactive: bool | None = None
) -> ProgressBar:
    unit = "tabellen" if source.type == "database" else "bestanden"
    return ProgressBar(source.name, unit, sys.stderr, interactive=interactive)


def _summarise(found: Sequence[Discrepancy]) -> None:
    by_severity = Counter(d.severity.value for d in found)
    print(
        f"{len(found)} afwijkingen: "
        + ", ".join(f"{by_severity.get(s, 0)} {s}" for s in ("hoog", "middel", "laag"))
    )


if __name__ == "__main__":
    sys.exit(main())
