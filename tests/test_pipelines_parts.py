"""A source scanned in parts (`pipelines.results.Part`, `merge_parts`) is one scan again.

The worker processes that scan the parts side by side are tested in test_pipelines_workers.py;
here: every item belongs to exactly one part, and the parts' results join as one scan would.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from pipelines.config import DatabaseSource, FilesSource
from pipelines.results import WHOLE, Part, SourceScanResult, merge_parts
from pipelines.workers import parts_of
from register_sync.models import RetentionFacts, ScanGap
from scanners.findings import EntityFinding, Finding

START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
LOCATIONS = [
    *(f"Sociaal Domein/{year}/zaak_{n:04d}.docx" for year in range(2015, 2025) for n in range(60)),
    *(f"public.tabel_{n}" for n in range(200)),
    "Archief/brief_1.txt",
    "Archief/brief_3.txt",
    "Ærchief/ß\udcff.txt",  # a name that is not valid UTF-8 on disk (surrogate escape)
]


@pytest.mark.parametrize("count", [2, 3, 4, 16])
def test_every_location_belongs_to_exactly_one_part_of_about_equal_size(count: int) -> None:
    parts = [Part(number, count) for number in range(count)]
    owners = [[p.number for p in parts if p.holds(location)] for location in LOCATIONS]
    assert all(len(owner) == 1 for owner in owners)
    sizes = Counter(owner[0] for owner in owners)
    assert min(sizes.values()) > len(LOCATIONS) / count * 0.75  # none starved, none swamped
    # the same part in every process and every run: not Python's salted hash()
    assert Part(1, 3).holds("public.tabel_7") == Part(1, 3).holds("public.tabel_7")
    assert [owner[0] for owner in owners][:5] == [
        next(n for n in range(count) if Part(n, count).holds(loc)) for loc in LOCATIONS[:5]
    ]


def test_the_whole_source_holds_everything_and_a_part_must_exist() -> None:
    assert all(WHOLE.holds(location) for location in LOCATIONS)
    assert str(Part(0, 2)) == "part 1 of 2"
    for number, count in ((2, 2), (-1, 2), (0, 0)):
        with pytest.raises(ValueError, match="does not exist"):
            Part(number, count)


def _finding(location: str, entity: str, hits: int) -> Finding:
    entity_finding = EntityFinding(entity_type=entity, hits=hits, sampled=1, confidence=0.9)
    return Finding.at("share", location, "file", entity_finding)


def _part(
    minutes: int, locations: list[str], gaps: list[ScanGap], failed: bool = False
) -> SourceScanResult:
    result = SourceScanResult(
        "share",
        "Netwerkschijf",
        "files",
        START + timedelta(minutes=minutes),
        finished=START + timedelta(minutes=minutes + 30),
        items_total=len(locations) + 1,
        items_scanned=len(locations),
        gaps=gaps,
        failed=failed,
        reused=1,
    )
    for location in locations:
        result.findings.append(_finding(location, "NL_BSN", 2))
        result.retention.append(
            RetentionFacts("share", location, "modified", 1, date(2019, 1, 1), {"P5Y": 1})
        )
        result.item_fingerprints[location] = f"fp-{location}"
    return result


def test_parts_merge_into_one_scan_and_a_gap_every_part_met_is_kept_once() -> None:
    skipped = ScanGap("share", "Geheim", "map niet leesbaar")
    one = _part(0, ["a.docx", "b.docx"], [skipped, ScanGap("share", "c.pdf", "versleuteld")])
    two = _part(5, ["d.docx"], [skipped])
    merged = merge_parts([one, two])
    assert (merged.source, merged.system, merged.item_kind) == ("share", "Netwerkschijf", "files")
    assert merged.started == START and merged.finished == START + timedelta(minutes=35)
    assert (merged.items_total, merged.items_scanned, merged.reused) == (5, 3, 2)
    assert [f.location for f in merged.findings] == ["a.docx", "b.docx", "d.docx"]
    assert [r.location for r in merged.retention] == ["a.docx", "b.docx", "d.docx"]
    assert set(merged.item_fingerprints) == {"a.docx", "b.docx", "d.docx"}
    assert merged.gaps == [skipped, ScanGap("share", "c.pdf", "versleuteld")]
    assert merged.status == "partial"
    assert merge_parts([one]) is one
    with pytest.raises(ValueError, match="no parts"):
        merge_parts([])


def _unlisted(gap: ScanGap) -> SourceScanResult:
    """A part that failed before it could list anything (as `failed_scan` makes it)."""
    return SourceScanResult(
        "share", "Netwerkschijf", "files", START, START, gaps=[gap], failed=True
    )


def test_a_source_with_a_failed_part_failed_and_says_why() -> None:
    unreachable = ScanGap("share", None, "share of 'share' cannot be listed (geweigerd)")
    merged = merge_parts([_part(0, ["a.docx", "b.docx"], []), _unlisted(unreachable)])
    assert merged.failed and merged.status == "failed"
    assert merged.gaps == [unreachable]
    # the part's items are unknown: one item not scanned, so coverage stays below 100%
    assert (merged.items_scanned, merged.items_total) == (2, 4)
    both = merge_parts([_unlisted(unreachable), _unlisted(unreachable)])
    assert both.gaps == [unreachable]  # the same reason from both parts, once
    assert both.items_total == 0  # as a source that cannot be listed (scan_coverage: 1 item)


def test_a_source_is_split_into_as_many_parts_as_can_run_at_once() -> None:
    local = FilesSource(name="h", type="files", path="/srv/h", system="H")
    sqlite = DatabaseSource(name="s", type="database", url="sqlite:///s.db", system="S")
    share = FilesSource(name="p", type="files", path="smb://fs01/p", system="P")
    pg = DatabaseSource(name="z", type="database", url="postgresql://db01/zaken", system="Z")
    assert [parts_of(s, 4, 1) for s in (local, sqlite, share, pg)] == [4, 4, 1, 1]
    assert [parts_of(s, 4, 2) for s in (local, sqlite, share, pg)] == [4, 4, 2, 2]
    assert [parts_of(s, 2, 16) for s in (local, sqlite, share, pg)] == [2, 2, 2, 2]
