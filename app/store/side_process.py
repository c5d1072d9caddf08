"""Long reads of the store done in a process of their own, beside the app.

Python runs one thread of a process at a time. A year's report is seconds of pure Python: on a
worker thread, every other thread (the window, a kiosk's save) waits for its turn again at each
step it takes, and a save that takes 3 ms alone took 10 ms or more. In a process of its own the
report has its own Python and the app keeps its own; the laptop's other core, if it has one,
does the report.

The side process is started when first needed (spawned, never forked: the app has threads),
opens the same store with the same key, only ever reads, and stays for the next piece of
work until the store is closed. The key travels to it through a pipe, never on its command line
or in its environment. It runs at a lower priority than the app where the system allows.
Stopping it at any moment is safe: it holds no write lock and changes nothing.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine

from app.core import i18n
from app.store.keys import StoreKey

log = logging.getLogger(__name__)
T = TypeVar("T")

# How often a wait for the side process looks at ``cancelled`` (seconds).
LOOK_EVERY_S = 0.1
# How long a closing side process has to finish what it is doing before it is stopped.
CLOSING_S = 2.0
# Lower than the app's priority (POSIX niceness): the window and the kiosk come first.
NICENESS = 10


class Cancelled(Exception):
    """The person cancelled while the side process was working; it has been stopped."""


class SideProcessLost(Exception):
    """The side process ended (or could not start) without an answer."""


class SideWorkFailed(Exception):
    """The work failed in the side process with an error that cannot be passed back as it is."""


class SideProcess:
    """One process beside this one, on the same store, doing one piece of work at a time."""

    def __init__(self, store_file: Path, key: StoreKey) -> None:
        self._store_file = store_file
        self._key = key
        self._lock = threading.Lock()   # one piece of work at a time, whichever thread asks
        self._process: multiprocessing.process.BaseProcess | None = None
        self._pipe: Connection | None = None
        self._closed = False

    def run(self, work: Callable[..., T], *args: Any, cancelled: Callable[[], bool] = lambda: False) -> T:
        """``work(engine, *args)`` in the side process (``engine`` is its own, on the same store);
        what it returns, or the error it raises, here.

        ``work`` and its arguments must be picklable: a module-level function and plain data.
        Raises :class:`Cancelled` as soon as ``cancelled()`` is true (the process is stopped, and
        started again next time), and :class:`SideProcessLost` if the process ends first.
        """
        with self._lock:
            if self._closed:  # the store is closing: nothing more is started
                raise Cancelled()
            process, pipe = self._started()
            try:
                pipe.send((work, args))
                while not wait([pipe, process.sentinel], timeout=LOOK_EVERY_S):
                    if cancelled() or self._closed:
                        self._stop()
                        raise Cancelled()
                if not pipe.poll():
                    raise SideProcessLost()
                outcome, value = pipe.recv()
            except (EOFError, OSError, SideProcessLost):
                self._stop()
                if self._closed:
                    raise Cancelled() from None
                raise SideProcessLost() from None
        if outcome == "error":
            raise value
        return value  # what ``work`` returned, unpickled

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def close(self) -> None:
        """End the side process for good: at once if it is working (that work is ``Cancelled``),
        and otherwise once it has let go of the store (stopped if that takes more than a moment)."""
        self._closed = True  # work under way sees it within LOOK_EVERY_S, stops, and lets go of the lock
        with self._lock:
            if self._pipe is not None:
                with contextlib.suppress(OSError):
                    self._pipe.send(None)
            if self._process is not None:
                self._process.join(CLOSING_S)
            self._stop()

    def _started(self) -> tuple[multiprocessing.process.BaseProcess, Connection]:
        if self._process is not None and self._pipe is not None and self._process.is_alive():
            return self._process, self._pipe
        self._stop()
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, self._store_file, self._key, i18n.installed_as()),
                                  name="involve-side", daemon=True)
        try:
            process.start()
        except OSError as error:
            ours.close()
            log.warning("the side process could not start: %s", type(error).__name__)
            raise SideProcessLost() from None
        finally:
            theirs.close()  # the side process holds its own end
        self._process, self._pipe = process, ours
        return process, ours

    def _stop(self) -> None:
        process, pipe, self._process, self._pipe = self._process, self._pipe, None, None
        if pipe is not None:
            pipe.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join()
            process.close()


def _serve(pipe: Connection, store_file: Path, key: StoreKey,
           language: tuple[Path | None, list[str] | None]) -> None:
    """The side process: open the store, then do each piece of work sent, until told to end."""
    from app.store.engine import make_engine

    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
    i18n.install(*language)
    engine = make_engine(store_file, key)
    try:
        while True:
            try:
                message = pipe.recv()
            except EOFError:  # the app has gone
                return
            if message is None:
                return
            work, args = message
            outcome = _outcome(work, engine, args)
            try:
                pipe.send(outcome)
            except (pickle.PicklingError, TypeError, AttributeError):  # what came back does not pickle
                pipe.send(("error", SideWorkFailed(type(outcome[1]).__name__)))
    finally:
        engine.dispose()


def _outcome(work: Callable[..., Any], engine: Engine, args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return "ok", work(engine, *args)
    except Exception as error:  # noqa: BLE001 (passed back, and raised there)
        return "error", _passable(error)


def _passable(error: Exception) -> Exception:
    """``error`` if it arrives whole on the other side of the pipe, else its kind in words."""
    try:
        back = pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 (an error that does not pickle: said by its kind)
        back = None
    if type(back) is type(error) and str(back) == str(error):
        return error
    return SideWorkFailed(type(error).__name__)
