"""Scan sources in worker processes: one analyzer per process, every result stored by the parent.

`scan_sources(..., workers=N)` with N > 1 lands here. Every source is scanned in up to N parts
(`pipelines.results.Part`: each table or file belongs to one part), so that one large file
share or database keeps every worker busy instead of one: N for a local folder or SQLite
file, and for a source on a server as many as `max_scans_per_server` lets run at once (parts
that could only take turns would each list the source again, for nothing).

Only the parent process talks to the findings store: it reads each source's previous scan,
takes a scan slot on the source's server (`server_slot`, `max_scans_per_server`) before it
hands a part to an idle worker, and gives the slot back when the part comes back. When the
last part of a source is in, it stores the source's scan (`merge_parts`) in one transaction.
A server that is busy does not hold a worker up: the worker gets a part of another source,
and the busy one is tried again every `SLOT_POLL_S` seconds, for at most `SLOT_WAIT_S` (as
`server_slot` waits on its own). Parts count as scans on their server, so the limit holds as
it did for whole sources.

Workers only scan. Each is a fresh interpreter (spawn context: no forked connections or locks)
that builds the analyzer once, from the same `AnalyzerSettings` the parent was given, then
scans one part at a time. A part whose scan raises, or whose worker dies (killed, out of
memory, a crash in a native library), fails its source with the reason; a dead worker is
replaced and the other parts and sources go on.

What crosses the pipes, in memory only: source settings (with passwords expanded), the HMAC
key, the previous scan's findings (counts, masks and keyed hashes, never values), progress
(table names and file paths) and log records. Nothing is written to a file; the spawned workers
inherit the environment.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.config import AvgscanConfig, DatabaseSource, FilesSource
from pipelines.politeness import ServerBusyError, server_of, server_slot
from pipelines.results import Part, SourceScanResult, merge_parts
from pipelines.scanning import Progress, failed_scan, scan_source
from pipelines.store import FindingsStore, PreviousScan

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

log = logging.getLogger(__name__)

SLOT_WAIT_S = 6 * 3600.0  # as long as `server_slot` waits by default
SLOT_POLL_S = 5.0  # how often a busy server is asked again, as `server_slot` does
_STOP_WAIT_S = 10.0  # how long an idle worker may take to exit before it is terminated


@dataclass(frozen=True)
class AnalyzerSettings:
    """How the analyzer is built: what a worker process needs to build the same one.

    The defaults are `scanners/conf/nlp.yaml` and `scanners/conf/recognizers.yaml`, what the
    CLI and the Dagster `AnalyzerResource` use."""

    nlp_conf: Path | None = None
    recognizers_conf: Path | None = None

    def build(self) -> AnalyzerEngine:
        from scanners import build_analyzer

        return build_analyzer(self.nlp_conf, self.recognizers_conf)


class ScanWorkerError(Exception):
    """A worker process could not start (its analyzer could not be built)."""


def scan_in_workers(
    config: AvgscanConfig,
    analyzer: AnalyzerSettings,
    store: FindingsStore,
    run_id: str,
    names: Sequence[str],
    *,
    workers: int,
    today: date | None = None,
    progress_for: Callable[[DatabaseSource | FilesSource], Progress | None] | None = None,
    hmac_key: bytes | None = None,
    full_rescan: bool = False,
) -> list[SourceScanResult]:
    """Scan `names` in `workers` processes, each source in up to `workers` parts (`parts_of`);
    results in `names` order."""
    sources = [config.source(name) for name in names]
    setup = _WorkerSetup(
        analyzer=analyzer,
        hmac_key=hmac_key,
        today=today or date.today(),
        log_levels=_log_levels(),
        log_disabled=logging.root.manager.disable,
    )
    parts = [parts_of(source, workers, config.max_scans_per_server) for source in sources]
    log.info(
        "scanning %d sources in %d worker processes, each in up to %d parts",
        len(sources),
        workers,
        max(parts),
    )
    run = _Run(config, store, run_id, sources, setup, progress_for, full_rescan, parts)
    return run.execute(workers)


def parts_of(source: DatabaseSource | FilesSource, workers: int, max_scans_per_server: int) -> int:
    """How many parts of `source` `workers` processes scan side by side: one each, but no more
    than its server lets run at once (a local folder or SQLite file has no server)."""
    return workers if server_of(source) is None else min(workers, max_scans_per_server)


# -- the parent ------------------------------------------------------------------------------


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: _Key | None = None  # the part it is scanning


_Key = tuple[int, int]  # (index of the source, number of the part)


@dataclass
class _SourceParts:
    """A source being scanned: its previous scan, its progress and the parts that are in."""

    previous: PreviousScan | None
    progress: Progress | None
    parts: int
    results: dict[int, SourceScanResult] = field(default_factory=dict)
    ticks: dict[int, tuple[int, int]] = field(default_factory=dict)  # part -> (done, total)
    shown: tuple[int, int] | None = None  # the last (done, total) passed to `progress`
    _previous_parts: list[PreviousScan] | None = None

    def previous_of(self, part: int) -> PreviousScan | None:
        """The previous scan of the source as far as `part` holds it."""
        if self._previous_parts is None:
            if self.previous is None or self.parts == 1:
                return self.previous
            self._previous_parts = self.previous.split(self.parts)
            self.previous = None  # held once, in its parts
        return self._previous_parts[part]

    def tick(self, part: int, done: int, total: int, item: str) -> None:
        """Progress over all parts: shown once every part has counted its items."""
        self.ticks[part] = (done, total)
        if self.progress is None or len(self.ticks) < self.parts:
            return
        state = (sum(d for d, _ in self.ticks.values()), sum(t for _, t in self.ticks.values()))
        if item or state != self.shown:
            self.shown = state
            self.progress(*state, item)


@dataclass
class _Run:
    config: AvgscanConfig
    store: FindingsStore
    run_id: str
    sources: list[DatabaseSource | FilesSource]
    setup: _WorkerSetup
    progress_for: Callable[[DatabaseSource | FilesSource], Progress | None] | None
    full_rescan: bool
    parts: list[int]  # per source: the parts it is scanned in
    pending: deque[_Key] = field(default_factory=deque)
    results: dict[int, SourceScanResult] = field(default_factory=dict)
    workers: list[_Worker] = field(default_factory=list)
    slots: dict[_Key, ExitStack] = field(default_factory=dict)  # part -> its held server slot
    held: dict[str, int] = field(default_factory=dict)  # server -> slots this run holds
    busy_since: dict[_Key, float] = field(default_factory=dict)  # part -> first refused slot
    retry_at: dict[_Key, float] = field(default_factory=dict)  # part -> next slot attempt
    scanning: dict[int, _SourceParts] = field(default_factory=dict)  # index -> its parts so far

    def execute(self, count: int) -> list[SourceScanResult]:
        self.pending.extend((i, n) for i, parts in enumerate(self.parts) for n in range(parts))
        context = multiprocessing.get_context("spawn")
        finished = False
        try:
            for _ in range(count):
                self._start(context)
            while len(self.results) < len(self.sources):
                self._dispatch()
                if len(self.results) < len(self.sources):
                    self._receive(self._timeout())
            finished = True
        finally:
            self._stop(graceful=finished)
        return [self.results[i] for i in range(len(self.sources))]

    # -- workers -------------------------------------------------------------------------------
    def _start(self, context: Any) -> None:
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=_work, args=(child_end, self.setup), name="avgscan-scan-worker", daemon=True
        )
        process.start()
        child_end.close()  # the parent keeps only its own end: EOF tells it the worker is gone
        self.workers.append(_Worker(process, parent_end))

    def _stop(self, *, graceful: bool) -> None:
        for worker in self.workers:
            if graceful:
                with suppress(OSError):
                    worker.conn.send(None)
            else:
                worker.process.terminate()
        deadline = time.monotonic() + _STOP_WAIT_S
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()
            worker.conn.close()
        self.workers.clear()
        for key in list(self.slots):
            self._release(key)

    # -- handing out parts -----------------------------------------------------------------------
    def _dispatch(self) -> None:
        for worker in self.workers:
            if not worker.ready or worker.task is not None:
                continue
            key = self._next_part()
            if key is None:
                return
            index, number = key
            scanning = self._scanning(index)
            part = Part(number, scanning.parts)
            previous = scanning.previous_of(number)  # a worker is sent only its part's items
            task = _Task(index, self.sources[index], previous, part, scanning.progress is not None)
            try:
                worker.conn.send(task)
            except OSError:  # the worker died just now: `_receive` replaces it
                self._release(key)
                self.pending.appendleft(key)
                continue
            worker.task = key

    def _scanning(self, index: int) -> _SourceParts:
        """The source's state, made when its first part goes out: its previous scan is read
        once for all its parts."""
        if index not in self.scanning:
            source = self.sources[index]
            progress = self.progress_for(source) if self.progress_for else None
            previous = None if self.full_rescan else self.store.previous_scan(source.name)
            self.scanning[index] = _SourceParts(previous, progress, self.parts[index])
        return self.scanning[index]

    def _next_part(self) -> _Key | None:
        """The first pending part whose server has a scan slot free (now taken for it)."""
        now = time.monotonic()
        for key in list(self.pending):
            if self.retry_at.get(key, 0.0) > now:
                continue
            server = server_of(self.sources[key[0]])
            if server is not None and self.held.get(server, 0) >= self.config.max_scans_per_server:
                continue  # this run holds every slot: one comes free when its scan returns
            if not self._take_slot(key, server, now):
                continue
            self.pending.remove(key)
            return key
        return None

    def _take_slot(self, key: _Key, server: str | None, now: float) -> bool:
        if server is None:
            return True
        stack = ExitStack()
        try:
            stack.enter_context(
                server_slot(
                    self.store.engine, server, limit=self.config.max_scans_per_server, wait_s=0
                )
            )
        except ServerBusyError:  # held by another run or process: ask again later
            first = self.busy_since.setdefault(key, now)
            if now - first >= SLOT_WAIT_S:
                self.pending.remove(key)
                reason = f"server {server}: no scan slot free within {SLOT_WAIT_S:.0f} s"
                self._finish(key, failed_scan(self.sources[key[0]], reason))
            else:
                self.retry_at[key] = now + SLOT_POLL_S
            return False
        self.slots[key] = stack
        self.held[server] = self.held.get(server, 0) + 1
        return True

    def _release(self, key: _Key) -> None:
        stack = self.slots.pop(key, None)
        if stack is None:
            return
        server = server_of(self.sources[key[0]])
        assert server is not None
        self.held[server] -= 1
        stack.close()
        for other in self.pending:  # a slot came free: its server's parts may go at once
            if server_of(self.sources[other[0]]) == server:
                self.retry_at.pop(other, None)

    def _timeout(self) -> float | None:
        """How long to wait for the workers: until the next busy server is asked again."""
        waiting = [self.retry_at[i] for i in self.pending if i in self.retry_at]
        return max(0.0, min(waiting) - time.monotonic()) if waiting else None

    # -- what comes back -----------------------------------------------------------------------
    def _receive(self, timeout: float | None) -> None:
        ends: list[Any] = [w.conn for w in self.workers]
        ends += [w.process.sentinel for w in self.workers]
        ready = set(wait(ends, timeout))
        for worker in list(self.workers):
            gone = worker.process.sentinel in ready
            if worker.conn in ready or gone:
                gone = self._drain(worker) or gone
            if gone:
                self._lost(worker)

    def _drain(self, worker: _Worker) -> bool:
        """Handle every message the worker has sent; True when its end of the pipe is closed."""
        try:
            while worker.conn.poll():
                self._handle(worker, worker.conn.recv())
        except (EOFError, OSError):
            return True
        return False

    def _handle(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "progress":
            _, (index, number), done, total, item = message
            scanning = self.scanning.get(index)
            if scanning is not None:
                scanning.tick(number, done, total, item)
        elif kind == "log":
            record: logging.LogRecord = message[1]
            logger = logging.getLogger(record.name)
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)
        elif kind == "result":
            _, key, result = message
            worker.task = None
            self._finish(key, result)
        elif kind == "ready":
            worker.ready = True
        elif kind == "failed_start":
            raise ScanWorkerError(f"a scan worker process could not start: {message[1]}")

    def _lost(self, worker: _Worker) -> None:
        """A worker died: its part (if any) fails its source with the reason, a new worker
        takes over."""
        worker.process.join(_STOP_WAIT_S)
        worker.conn.close()
        self.workers.remove(worker)
        stopped = _exit_reason(worker.process.exitcode)
        if worker.task is None and not worker.ready:
            raise ScanWorkerError(
                f"a scan worker process stopped while starting ({stopped}); "
                "its error output says why"
            )
        if worker.task is not None:
            source = self.sources[worker.task[0]]
            log.warning("scan worker for source %s stopped (%s)", source.name, stopped)
            reason = f"bron '{source.name}' afgebroken: scanproces gestopt ({stopped})"
            self._finish(worker.task, failed_scan(source, reason))
        idle = sum(1 for w in self.workers if w.task is None)
        if len(self.pending) > idle:
            self._start(multiprocessing.get_context("spawn"))

    def _finish(self, key: _Key, result: SourceScanResult) -> None:
        """Take in one part's scan; store the source's scan, in one transaction, as soon as
        its last part is in."""
        self._release(key)
        index, number = key
        scanning = self._scanning(index)
        scanning.results[number] = result
        scanning.tick(number, result.items_total, result.items_total, "")
        if len(scanning.results) < scanning.parts:
            return
        del self.scanning[index]
        merged = merge_parts([scanning.results[n] for n in range(scanning.parts)])
        self.store.save_source_scan(self.run_id, merged)
        self.results[index] = merged


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "exit code unknown"
    if code < 0:
        try:
            return f"signaal {signal.Signals(-code).name}"
        except ValueError:
            return f"signaal {-code}"
    return f"exit code {code}"


# -- the workers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _WorkerSetup:
    analyzer: AnalyzerSettings
    hmac_key: bytes | None
    today: date
    log_levels: dict[str, int]
    log_disabled: int


@dataclass(frozen=True)
class _Task:
    index: int  # of the source
    source: DatabaseSource | FilesSource
    previous: PreviousScan | None
    part: Part
    report_progress: bool

    @property
    def key(self) -> _Key:
        return self.index, self.part.number


def _work(conn: Connection, setup: _WorkerSetup) -> None:
    """A worker process: build the analyzer once, then scan the sources the parent sends."""
    lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with lock:
            conn.send(message)

    try:
        _relay_logs(send, setup)
        try:
            analyzer = setup.analyzer.build()
        except Exception as exc:
            send(("failed_start", _start_failure(exc)))
            return
        _relay_logs(send, setup)  # building the analyzer sets Presidio's level
        send(("ready",))
        while (task := conn.recv()) is not None:
            send(("result", task.key, _scan(task, analyzer, setup, send)))
    except (EOFError, KeyboardInterrupt):  # the parent is gone, or the user stopped the scan
        return
    _end_at_once()


def _end_at_once() -> None:
    """End a worker the parent has stopped without tearing its interpreter down object by
    object: the parent waits for it, and freeing an analyzer's objects one by one took about
    half a second. Nothing is lost: every result and log record has gone over the pipe, and
    the sources' connections and files were closed after each part."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _scan(
    task: _Task,
    analyzer: AnalyzerEngine,
    setup: _WorkerSetup,
    send: Callable[[tuple[Any, ...]], None],
) -> SourceScanResult:
    def progress(done: int, total: int, item: str) -> None:
        send(("progress", task.key, done, total, item))

    try:
        return scan_source(
            task.source,
            analyzer,
            today=setup.today,
            progress=progress if task.report_progress else None,
            hmac_key=setup.hmac_key,
            previous=task.previous,
            part=task.part,
        )
    except Exception as exc:  # scan_source handles the source's own problems; this is a bug
        log.warning("source %s aborted: %s", task.source.name, type(exc).__name__)
        reason = f"bron '{task.source.name}' afgebroken: onverwachte fout ({type(exc).__name__})"
        return failed_scan(task.source, reason)


def _start_failure(exc: Exception) -> str:
    """Why the analyzer could not be built: its own errors name a file, anything else its type."""
    from scanners import AnalyzerConfigError

    return str(exc) if isinstance(exc, AnalyzerConfigError) else type(exc).__name__


class _PipeQueue:
    """The `QueueHandler` queue of a worker: records go to the parent over the pipe."""

    def __init__(self, send: Callable[[tuple[Any, ...]], None]) -> None:
        self.send = send

    def put_nowait(self, record: logging.LogRecord) -> None:
        self.send(("log", record))


def _relay_logs(send: Callable[[tuple[Any, ...]], None], setup: _WorkerSetup) -> None:
    """Log as the parent does: its levels here, every record handled by its handlers."""
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.QueueHandler) for h in root.handlers):
        root.handlers = [logging.handlers.QueueHandler(_PipeQueue(send))]  # type: ignore[arg-type]
    for name, level in setup.log_levels.items():
        logging.getLogger(name or None).setLevel(level)
    logging.disable(setup.log_disabled)


def _log_levels() -> dict[str, int]:
    """The levels set in this process: the root's (as "") and every logger set explicitly."""
    levels = {"": logging.getLogger().level}
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and logger.level != logging.NOTSET:
            levels[name] = logger.level
    return levels
