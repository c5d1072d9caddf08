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
import sys
import threading
import time
import traceback
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
NICENESS = 10  # on Windows: below normal
# A side process asked for nothing for this long ends, giving back what a year's report took
# (about 120 MB kept after it); the next report starts another (about 0.4 s).
IDLE_END_S = 300.0


class Cancelled(Exception):
    """The person cancelled, or the store closed, while the side process was working; it has been stopped."""


class SideProcessUnavailable(Exception):
    """The side process could not be started, or could not open the store: the work can be done here."""


class SideProcessLost(Exception):
    """The side process ended in the middle of the work (out of memory, say). ``exitcode`` is its
    exit code; doing the same work here might end the app the same way."""

    def __init__(self, exitcode: int | None = None) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode


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
        self._idle: threading.Timer | None = None  # ends the process once it has been idle IDLE_END_S
        self._last_used = 0.0

    def run(self, work: Callable[..., T], *args: Any, cancelled: Callable[[], bool] = lambda: False) -> T:
        """``work(engine, *args)`` in the side process (``engine`` is its own, on the same store,
        and only reads); what it returns, or the error it raises, here.

        ``work`` and its arguments must be picklable: a module-level function and plain data.
        Raises :class:`Cancelled` as soon as ``cancelled()`` is true or the store closes (the
        process is stopped, and started again next time), :class:`SideProcessUnavailable` if
        the process cannot start or open the store, and :class:`SideProcessLost` if it ends
        during the work.
        """
        with self._lock:
            if self._closed:  # the store is closing: nothing more is started
                raise Cancelled()
            if self._idle is not None:
                self._idle.cancel()
            try:
                outcome, value, where = self._ask(work, args, cancelled)
            finally:
                self._last_used = time.monotonic()
                if self.running and not self._closed:
                    self._idle = threading.Timer(IDLE_END_S, self._end_if_idle)
                    self._idle.daemon = True
                    self._idle.start()
        if outcome == "error":
            # The frames only: the message itself could hold what someone typed.
            log.warning("work in the side process failed with %s:\n%s", type(value).__name__, where)
            raise value
        return value  # what ``work`` returned, unpickled

    def _ask(self, work: Callable[..., Any], args: tuple[Any, ...], cancelled: Callable[[], bool]
             ) -> tuple[str, Any, str]:
        """Send ``work`` to the side process (started if need be) and wait for its answer."""
        process, pipe = self._started()
        try:
            pipe.send((work, args))
            while not wait([pipe, process.sentinel], timeout=LOOK_EVERY_S):
                if cancelled() or self._closed:
                    raise Cancelled()
            if not pipe.poll():
                raise SideProcessLost()
            try:
                outcome, value, where = pipe.recv()
            except (EOFError, OSError):
                raise
            except Exception as error:  # noqa: BLE001 (an answer that does not unpickle here)
                raise SideWorkFailed(type(error).__name__) from None
        except Cancelled:
            self._stop()
            raise
        except (EOFError, OSError, SideProcessLost):
            exitcode = self._stop()
            if self._closed:
                raise Cancelled() from None
            log.warning("the side process ended during its work (exit code %s)", exitcode)
            raise SideProcessLost(exitcode) from None
        except BaseException:
            # Anything else (an interrupt, an answer that does not unpickle) leaves the
            # process's answer unread: stopped, so the next work cannot get this one's.
            self._stop()
            raise
        return outcome, value, where

    def _end_if_idle(self) -> None:
        if not self._lock.acquire(blocking=False):
            return  # at work again: a new wait starts when it is done
        try:
            if time.monotonic() - self._last_used >= IDLE_END_S:  # not used since this wait began
                self._let_go()
        finally:
            self._lock.release()

    def _let_go(self) -> None:
        """Ask the process to end once it has let go of the store (stopped if that takes long)."""
        if self._pipe is not None:
            with contextlib.suppress(OSError):
                self._pipe.send(None)
        if self._process is not None:
            self._process.join(CLOSING_S)
        self._stop()

    @property
    def running(self) -> bool:
        process = self._process
        try:
            return process is not None and process.is_alive()
        except ValueError:  # closed by another thread just now
            return False

    def close(self) -> None:
        """End the side process for good: at once if it is working (that work is ``Cancelled``),
        and otherwise once it has let go of the store (stopped if that takes more than a moment)."""
        self._closed = True  # work under way sees it within LOOK_EVERY_S, stops, and lets go of the lock
        with self._lock:
            if self._idle is not None:
                self._idle.cancel()
            self._let_go()

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
            raise SideProcessUnavailable() from None
        finally:
            theirs.close()  # the side process holds its own end
        self._process, self._pipe = process, ours
        # It says it is ready once it has opened the store; if it ends first, it never will.
        ready = None
        try:
            while not wait([ours, process.sentinel], timeout=LOOK_EVERY_S):
                if self._closed:
                    raise Cancelled()
            if ours.poll():
                ready = ours.recv()
        except (EOFError, OSError):
            pass
        except BaseException:
            self._stop()
            raise
        if ready != READY:
            exitcode = self._stop()
            log.warning("the side process did not start (exit code %s; %s)", exitcode, ready or "no word from it")
            raise SideProcessUnavailable()
        return process, ours

    def _stop(self) -> int | None:
        """Stop the process, if any; its exit code."""
        process, pipe, self._process, self._pipe = self._process, self._pipe, None, None
        if pipe is not None:
            pipe.close()
        if process is None:
            return None
        if process.is_alive():
            process.kill()
        process.join()
        exitcode = process.exitcode
        process.close()
        return exitcode


READY = "ready"


def _serve(pipe: Connection, store_file: Path, key: StoreKey,
           language: tuple[Path | None, list[str] | None]) -> None:
    """The side process: open the store, then do each piece of work sent, until told to end."""
    _end_with_the_app()
    _lower_priority()
    i18n.install(*language)
    try:
        engine = _reading_engine(store_file, key)
    except Exception as error:  # noqa: BLE001 (said to the app, which does the work itself)
        pipe.send(f"could not open the store: {type(error).__name__}")
        return
    pipe.send(READY)
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
                pipe.send(("error", SideWorkFailed(type(outcome[1]).__name__), ""))
    finally:
        engine.dispose()


def _reading_engine(store_file: Path, key: StoreKey) -> Engine:
    """An engine on the store whose every connection only reads: each transaction begins
    deferred (never taking the write lock) and SQLite refuses any change."""
    from sqlalchemy import event

    from app.store.engine import READING, make_engine

    engine = make_engine(store_file, key).execution_options(**{READING: True})

    @event.listens_for(engine, "engine_connect")
    def _only_reading(connection: Any) -> None:
        # Set again on every use: read_only_connection turns it off as it ends.
        connection.exec_driver_sql("PRAGMA query_only = ON")
        connection.commit()

    with engine.connect() as connection:  # a wrong key or a damaged file shows here
        connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    return engine


def _end_with_the_app() -> None:
    """End this process as soon as the app's ends, even in the middle of a piece of work."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="app-watch", daemon=True).start()


def _lower_priority() -> None:
    """Below the app's: the window and the kiosk come first."""
    if sys.platform == "win32":
        import ctypes

        below_normal = 0x00004000  # BELOW_NORMAL_PRIORITY_CLASS
        kernel = ctypes.windll.kernel32
        kernel.SetPriorityClass(kernel.GetCurrentProcess(), below_normal)
    elif hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICENESS)


def _outcome(work: Callable[..., Any], engine: Engine, args: tuple[Any, ...]) -> tuple[str, Any, str]:
    try:
        return "ok", work(engine, *args), ""
    except Exception as error:  # noqa: BLE001 (passed back, and raised there)
        return "error", _passable(error), _frames(error)


def _frames(error: Exception) -> str:
    """Where ``error`` was raised: files, lines and functions only, never values or source."""
    return "\n".join(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}"
                     for frame in traceback.extract_tb(error.__traceback__))


def _passable(error: Exception) -> Exception:
    """``error`` if it arrives whole on the other side of the pipe, else its kind in words."""
    try:
        back = pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 (an error that does not pickle: said by its kind)
        back = None
    if type(back) is type(error) and str(back) == str(error):
        return error
    return SideWorkFailed(type(error).__name__)
