"""Request bodies sent gzip-compressed (``Content-Encoding: gzip``), unpacked before parsing.

A limit on the unpacked size keeps a small compressed body from filling the server's memory.
"""

from __future__ import annotations

import json
import zlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 64 * 1024 * 1024


class GzipRequestMiddleware:
    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        encoding = headers.get(b"content-encoding", b"").lower()
        if encoding not in (b"", b"identity", b"gzip"):
            await _refuse(send, 415, "The central service takes request bodies plain or gzip-compressed.")
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_body:
                await _refuse(send, 413, "The request is too large.")
                return
        if encoding == b"gzip":
            try:
                unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
                plain = unpacker.decompress(bytes(body), self.max_body)
                if unpacker.unconsumed_tail:
                    await _refuse(send, 413, "The request is too large.")
                    return
            except zlib.error:
                await _refuse(send, 400, "The request's compressed body could not be read.")
                return
            body = bytearray(plain)
            scope = dict(scope)
            scope["headers"] = [(k, v) for k, v in scope["headers"]
                                if k not in (b"content-encoding", b"content-length")]
            scope["headers"].append((b"content-length", str(len(body)).encode()))
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


async def _refuse(send: Send, status: int, message: str) -> None:
    code = "invalid" if status < 500 else "unavailable"
    payload = json.dumps({"code": code, "message": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
