"""A batch's request body is written and compressed in pieces, with a chance for a save between
each, and unpacks to exactly the JSON the service reads."""

from __future__ import annotations

import datetime as dt
import gzip
import json

from sync.service_client import ENCODE_CHUNK, ServiceLink


def test_a_batch_is_packed_piece_by_piece_into_the_json_the_service_reads() -> None:
    rows = [{"id": f"r{n}", "name": "Zoë ☕ مركز", "at": dt.datetime(2026, 12, 4, 10, n % 60), "n": n}
            for n in range(ENCODE_CHUNK * 3 + 7)]
    asked: list[int] = []
    link = ServiceLink.__new__(ServiceLink)  # no connection is needed to make a body ready
    packed = link.prepare(rows, between=lambda: asked.append(1))
    assert packed.gzipped
    body = json.loads(gzip.decompress(packed.data))
    assert body == {"rows": [{**r, "at": r["at"].isoformat(sep=" ")} for r in rows]}
    assert len(asked) == 4, "a save waiting would have waited for the whole batch"


def test_an_empty_batch_is_still_a_batch() -> None:
    link = ServiceLink.__new__(ServiceLink)
    assert json.loads(gzip.decompress(link.prepare([]).data)) == {"rows": []}
