"""Incremental scans: the second nightly scan of an unchanged estate against the first.

Generates the demo municipality (plus, with --copies N, N extra copies of its databases and
share as more sources), scans it twice with the same analyzer and prints both times and their
ratio against the target of issue #4 (second run < 10% of the first).

Then a share of --files synthetic documents and one of twice as many: an unchanged share's
scan must grow with the share, not faster (at most 2.1 times the time for twice the files,
as issue #7 asks of a whole scan). Until the previous scan's findings were indexed, each
unchanged file searched all of them: 2,000 files took 2.2 s, 4,000 took 9.6 s.

    .venv/bin/python benchmarks/incremental.py --copies 4 --files 3000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from pipelines.config import load_config
from pipelines.demo import generate_demo
from pipelines.runner import scan_sources
from pipelines.store import FindingsStore
from scanners import build_analyzer

TARGET = 0.10
GROWTH_TARGET = 2.1


def grow(config_path: Path, copies: int) -> None:
    """Add `copies` copies of every source (own databases and folders) to the demo config."""
    root = config_path.parent
    text = config_path.read_text(encoding="utf-8")
    extra = []
    for n in range(1, copies + 1):
        for db in sorted((root / "databases").glob("*.sqlite")):
            if "_kopie" in db.stem:
                continue
            target = db.with_name(f"{db.stem}_kopie{n}.sqlite")
            shutil.copy(db, target)
            extra.append(
                f"  - name: {db.stem}_kopie{n}\n    type: database\n"
                f"    url: sqlite:///databases/{target.name}\n    system: Kopie {n}\n"
            )
        shutil.copytree(root / "share", root / f"share_kopie{n}")
        extra.append(
            f"  - name: share_kopie{n}\n    type: files\n    path: share_kopie{n}\n"
            f"    system: Kopie {n}\n"
        )
    config_path.write_text(text + "".join(extra), encoding="utf-8")


def timed_scan(config_path: Path, analyzer: object) -> tuple[float, int, int]:
    config = load_config(config_path)
    with FindingsStore(config.store) as store:
        run = store.start_run("nightly", config.organisation)
        started = time.perf_counter()
        results = scan_sources(
            config,
            analyzer,
            store,
            run.id,
            [s.name for s in config.sources],  # type: ignore[arg-type]
            hmac_key=b"k" * 32,
        )
        elapsed = time.perf_counter() - started
    return elapsed, sum(r.items_scanned for r in results), sum(r.reused for r in results)


def unchanged_share_seconds(folder: Path, files: int, analyzer: object) -> float:
    """The best of two scans of an unchanged share of `files` documents, after a first."""
    from benchmarks.performance import _config, _files_estate

    _files_estate(folder / "share", files, seed=files)
    config_path = _config(folder, [], folder / "share")
    timed_scan(config_path, analyzer)
    return min(timed_scan(config_path, analyzer)[0] for _ in range(2))


def growth(files: int, analyzer: object) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        one = unchanged_share_seconds(Path(tmp) / "een", files, analyzer)
        two = unchanged_share_seconds(Path(tmp) / "twee", 2 * files, analyzer)
    ratio = two / one
    passed = ratio <= GROWTH_TARGET
    print(f"unchanged share of {files:,} files: {one:7.2f} s; of {2 * files:,} files: {two:7.2f} s")
    print(
        f"ratio doubled/single: {ratio:.2f} (target <= {GROWTH_TARGET}) "
        f"{'PASS' if passed else 'FAIL'}"
    )
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="extra copies of the demo estate")
    parser.add_argument("--files", type=int, default=3000, help="documents in the growth share")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        manifest = generate_demo(Path(tmp) / "gemeente")
        grow(manifest.config_path, args.copies)
        analyzer = build_analyzer()
        first, items, _ = timed_scan(manifest.config_path, analyzer)
        second, items2, reused = timed_scan(manifest.config_path, analyzer)
    ratio = second / first
    print(f"estate: {items} tables and files ({args.copies + 1}x the demo)")
    print(f"first nightly scan:  {first:7.2f} s")
    print(f"second, unchanged:   {second:7.2f} s ({reused} of {items2} items carried over)")
    verdict = "PASS" if ratio < TARGET else "FAIL"
    print(f"ratio second/first: {ratio:.3f} (target < {TARGET:.2f}) {verdict}")
    grows_linearly = growth(args.files, analyzer)
    return 0 if verdict == "PASS" and grows_linearly else 1


if __name__ == "__main__":
    sys.exit(main())
