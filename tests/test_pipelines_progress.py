"""The CLI progress bar: counts, current item, elapsed and remaining time."""

from __future__ import annotations

import io

from pipelines.progress import ProgressBar


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_terminal_bar_redraws_one_line_with_eta() -> None:
    clock, out = Clock(), io.StringIO()
    bar = ProgressBar("sociaal_domein", "tabellen", out, interactive=True, clock=clock)
    clock.now += 10
    bar(1, 4, "public.wmo_clienten")
    line = out.getvalue()
    assert line.startswith("\rsociaal_domein [######------------------] 1/4 tabellen")
    assert "public.wmo_clienten" in line
    assert "00:10 verstreken, nog ~00:30" in line
    clock.now += 30
    bar(4, 4, "")
    assert out.getvalue().endswith("\n")
    assert "4/4 tabellen (00:40 verstreken)" in out.getvalue()


def test_log_output_writes_only_each_tenth() -> None:
    out = io.StringIO()
    bar = ProgressBar("netwerkschijf", "bestanden", out, interactive=False, clock=Clock())
    for done in range(101):
        bar(done, 100, f"map/bestand_{done}.pdf")
    lines = out.getvalue().splitlines()
    assert len(lines) == 11
    assert lines[-1].startswith("netwerkschijf [########################] 100/100 bestanden")


def test_an_empty_source_is_complete_at_once() -> None:
    out = io.StringIO()
    ProgressBar("leeg", "tabellen", out, interactive=False, clock=Clock())(0, 0, "")
    assert "0/0 tabellen" in out.getvalue()
