"""A progress bar for `avgscan scan`: tables or files done of total, current item, time left.

On a terminal it redraws one line; elsewhere (cron, CI logs) it writes a line at every tenth
of the work, so a log shows progress without thousands of lines. Items are table names and
file paths, never values.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24


class ProgressBar:
    def __init__(
        self,
        label: str,
        unit: str,
        stream: TextIO,
        *,
        interactive: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.unit = unit
        self.stream = stream
        self.interactive = stream.isatty() if interactive is None else interactive
        self.clock = clock
        self.started = clock()
        self._last_tenth = -1

    def __call__(self, done: int, total: int, item: str) -> None:
        line = self.render(done, total, item)
        if self.interactive:
            end = "\n" if done >= total else ""
            self.stream.write(f"\r{line:<110.110}{end}")
        else:
            tenth = 10 * done // total if total else 10
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self.stream.write(line + "\n")
        self.stream.flush()

    def render(self, done: int, total: int, item: str) -> str:
        elapsed = self.clock() - self.started
        share = done / total if total else 1.0
        filled = round(BAR_WIDTH * share)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        remaining = elapsed / done * (total - done) if 0 < done < total else None
        left = f", nog ~{_clock(remaining)}" if remaining is not None else ""
        current = f" · {item}" if item and done < total else ""
        return (
            f"{self.label} [{bar}] {done}/{total} {self.unit}{current} "
            f"({_clock(elapsed)} verstreken{left})"
        )


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
