"""A TCP proxy for the sync tests and benchmark: adds latency, counts round trips, cuts connections.

It sits between the sync and a real database server, or the central service, or between the
service and its database. ``cut_after`` closes every connection abruptly (a reset, as a
dropped network does) once that many bytes have passed in either direction; ``cut_at_turn``
does so at the start of that turn of the conversation (a turn is each time the talking passes
from one side to the other, so every request and every answer is as likely to be lost,
however short); ``delay`` holds each chunk that long in each direction, like a slow link.
A round trip is counted each time the client speaks after hearing from the server. Either
cut may be set again while the proxy runs, against the running totals in ``stats``.
"""

from __future__ import annotations

import queue
import socket
import struct
import threading
import time
from dataclasses import dataclass, field


@dataclass
class ProxyStats:
    connections: int = 0
    round_trips: int = 0
    turns: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    cuts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, *, delay: float = 0.0,
                 cut_after: int | None = None, cut_at_turn: int | None = None) -> None:
        self.target = (target_host, target_port)
        self.delay = delay
        self.cut_after = cut_after
        self.cut_at_turn = cut_at_turn
        self.stats = ProxyStats()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, database_url: str) -> str:
        """``database_url`` pointed at this proxy instead of the server."""
        host, port = self.target
        return database_url.replace(f"{host}:{port}", f"127.0.0.1:{self.port}")

    def close(self) -> None:
        self._stopping.set()
        self._listener.close()
        self._cut_all(count=False)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.stats.lock:
                self.stats.connections += 1
                self._open += [client, server]
            state = {"last": ""}
            for source, sink, up in ((client, server, True), (server, client, False)):
                threading.Thread(target=self._pump, args=(source, sink, up, state), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, up: bool, state: dict[str, str]) -> None:
        pending: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        writer = threading.Thread(target=self._write, args=(sink, pending), daemon=True)
        writer.start()
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                with self.stats.lock:
                    direction = "up" if up else "down"
                    if state["last"] != direction:
                        self.stats.turns += 1
                        if up:
                            self.stats.round_trips += 1
                    state["last"] = direction
                    if up:
                        self.stats.bytes_up += len(data)
                    else:
                        self.stats.bytes_down += len(data)
                    total = self.stats.bytes_up + self.stats.bytes_down
                    turns = self.stats.turns
                if (self.cut_after is not None and total >= self.cut_after) or (
                        self.cut_at_turn is not None and turns >= self.cut_at_turn):
                    self._cut_all(count=True)
                    break
                pending.put((time.monotonic() + self.delay, data))
        except OSError:
            pass
        pending.put(None)

    @staticmethod
    def _write(sink: socket.socket, pending: queue.Queue) -> None:
        while True:
            item = pending.get()
            if item is None:
                try:
                    sink.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            due, data = item
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                sink.sendall(data)
            except OSError:
                return

    def _cut_all(self, *, count: bool) -> None:
        with self.stats.lock:
            sockets, self._open = self._open, []
            if count and sockets:
                self.stats.cuts += 1
        for s in sockets:
            try:  # linger 0: the peer sees a reset, as when a network drops
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                # On Linux a close waits for another thread's blocked read; shutting the reading
                # side first wakes it, so the reset goes out now and nobody waits for ever.
                s.shutdown(socket.SHUT_RD)
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass
