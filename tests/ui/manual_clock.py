"""Time that passes only when a test says so, for windows that act on their own QTimers.

``ManualClock().take_over(window, "idle_timer")`` puts a stand-in in place of the window's
timer. The window starts, stops and restarts it as usual; it fires only inside
``clock.advance(ms)``, in order of when each timer is due, by emitting the real timer's own
``timeout`` signal, so whatever the window connected to it runs as in the app. A test then
says "90 seconds pass" instead of shortening the timer and sleeping, and gives the same
answer on a busy machine as on an idle one.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, SignalInstance


class ManualTimer:
    """Stands in for one QTimer: the calls a window makes on it, on the clock's time."""

    def __init__(self, clock: ManualClock, real: QTimer) -> None:
        self._clock, self._real = clock, real
        self._interval = real.interval()
        self._single_shot = real.isSingleShot()
        self._due: int | None = None  # the clock's time at which it fires next; None when stopped

    @property
    def timeout(self) -> SignalInstance:
        return self._real.timeout

    def interval(self) -> int:
        return self._interval

    def setInterval(self, msec: int) -> None:  # noqa: N802
        self._interval = msec
        if self.isActive():  # as QTimer: a running timer starts again with the new interval
            self.start()

    def isSingleShot(self) -> bool:  # noqa: N802
        return self._single_shot

    def setSingleShot(self, single_shot: bool) -> None:  # noqa: N802
        self._single_shot = single_shot

    def isActive(self) -> bool:  # noqa: N802
        return self._due is not None

    def remainingTime(self) -> int:  # noqa: N802
        return -1 if self._due is None else self._due - self._clock.now

    def start(self, msec: int | None = None) -> None:
        if msec is not None:
            self._interval = msec
        self._due = self._clock.now + self._interval

    def stop(self) -> None:
        self._due = None


class ManualClock:
    def __init__(self) -> None:
        self.now = 0  # milliseconds since the clock was made
        self.timers: list[ManualTimer] = []

    def take_over(self, owner: QObject, *names: str) -> None:
        """Replace each named QTimer attribute of ``owner`` with one that runs on this clock."""
        for name in names:
            real = getattr(owner, name)
            assert isinstance(real, QTimer), f"{name} is not a QTimer"
            was_active, remaining = real.isActive(), real.remainingTime()
            real.stop()  # it never runs on the wall clock again
            timer = ManualTimer(self, real)
            if was_active:
                timer._due = self.now + max(remaining, 0)
            self.timers.append(timer)
            setattr(owner, name, timer)

    def advance(self, msec: int) -> None:
        """Let ``msec`` milliseconds pass, firing every timer that falls due, in order."""
        until = self.now + msec
        while True:
            due = [t for t in self.timers if t._due is not None and t._due <= until]
            if not due:
                break
            timer = min(due, key=lambda t: t._due)
            self.now = timer._due
            timer._due = None if timer._single_shot else self.now + max(timer._interval, 1)
            timer._real.timeout.emit()
        self.now = until
