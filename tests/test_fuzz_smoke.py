"""The fuzz harness itself (`benchmarks/fuzz.py`): each target runs clean for a few seconds,
and a crash or a hang is counted, not missed."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import strategies as st

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("avgscan_benchmark_fuzz", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("target", ["extract", "register", "retention"])
def test_each_target_runs_clean_for_a_few_seconds(
    fuzz: ModuleType, target: str, tmp_path: Path
) -> None:
    stats = fuzz.fuzz_hypothesis(
        fuzz.TARGETS[target], seconds=3, timeout=10, seed=8, crashes=tmp_path
    )
    assert stats.executions > 0
    assert stats.clean, fuzz.report(stats)
    assert not list(tmp_path.iterdir())


def _flaky(payload: str) -> None:
    if payload == "crash":
        raise KeyError(payload)
    if payload == "hang":
        time.sleep(60)


def test_crashes_and_hangs_are_counted_and_saved(
    fuzz: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky = fuzz.Target("flaky", _flaky, lambda: st.sampled_from(["ok", "crash", "hang"]), str)
    monkeypatch.setitem(fuzz.TARGETS, "flaky", flaky)  # the forked worker sees it too
    stats = fuzz.fuzz_hypothesis(flaky, seconds=4, timeout=0.5, crashes=tmp_path)
    assert stats.crashes >= 1 and stats.hangs >= 1
    assert not stats.clean
    assert any(key.startswith("crash: KeyError") for key in stats.signatures)
    assert "crash" not in "".join(k.split(":", 1)[1] for k in stats.signatures)  # no input
    assert len(list(tmp_path.iterdir())) == 2  # one file per distinct signature
    assert "0 crashes" not in fuzz.report(stats)


def test_command_line_exit_code(fuzz: ModuleType, tmp_path: Path) -> None:
    code = fuzz.main(["--seconds", "1", "--targets", "retention", "--crashes", str(tmp_path / "c")])
    assert code == 0
