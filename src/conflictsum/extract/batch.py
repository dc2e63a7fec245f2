"""The OpenAI Batch API as a transport: the same requests as the live path, half the price.

Every article runs through exactly the code of `Summarizer.asummarize` (instructor builds the
request and parses the answer, our checks verify it, re-asks carry the feedback), but the
request is not sent: `BatchRunner.send` parks it. When every conversation is parked or
done, the parked requests go out as one batch (JSONL uploaded, batch created, polled, output
downloaded), each answer resumes its conversation, and answers that fail verification
produce their re-asks, which go out in the follow-up batch. So rounds = attempts, and a
request body in a batch file is byte for byte the one the live path would send.

A batch is tagged with the digest of its input file; a restarted run finds the batch it
already submitted (still running or finished) instead of paying for it twice, and answers
that arrived are kept in the response cache.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from openai.types import Batch
from openai.types.chat import ChatCompletion
from tenacity import AsyncRetrying

from conflictsum._types import FailureKind
from conflictsum.exceptions import ConflictsumError
from conflictsum.extract.cache import request_body
from conflictsum.extract.prompt import PROMPT_VERSION
from conflictsum.extract.transport import Transport, completion

ENDPOINT = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"
# OpenAI's limits per batch input file are 50,000 requests and 200 MB; stay under both.
MAX_REQUESTS = 50_000
MAX_BYTES = 190_000_000
_FINAL = ("completed", "failed", "expired", "cancelled")
_T = TypeVar("_T")


class BatchItemError(ConflictsumError):
    """A request in a batch that got no answer; its kind says whether a new run may fix it."""

    def __init__(self, kind: FailureKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def batch_line(key: str, request: dict[str, Any]) -> bytes:
    """One line of a batch input file: the request body as the live path sends it."""
    line = {"custom_id": key, "method": "POST", "url": ENDPOINT, "body": request_body(request)}
    # Sorted keys: the same requests make the same file, whatever built them (its digest
    # is how a restarted run recognises a batch it already submitted).
    return (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def split_lines(lines: list[bytes]) -> list[list[int]]:
    """Group line indices into batch files within the API's count and size limits."""
    groups: list[list[int]] = []
    size = 0
    for i, line in enumerate(lines):
        if not groups or len(groups[-1]) >= MAX_REQUESTS or size + len(line) > MAX_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(i)
        size += len(line)
    return groups


def parse_output(data: bytes) -> dict[str, dict[str, Any]]:
    """The lines of a batch output or error file, by custom_id."""
    found: dict[str, dict[str, Any]] = {}
    for raw in data.splitlines():
        if raw.strip():
            line = json.loads(raw)
            found[str(line["custom_id"])] = line
    return found


def outcome(line: dict[str, Any] | None, batch: Batch) -> ChatCompletion | BatchItemError:
    """What one request of a finished batch came to: its answer, or why there is none."""
    if line is None:
        if batch.status == "failed":
            listed = (batch.errors.data if batch.errors is not None else None) or []
            errors = "; ".join(e.message or e.code or "" for e in listed)
            return BatchItemError("http", f"batch {batch.id} failed: {errors or 'no reason given'}")
        return BatchItemError(
            "timeout",
            f"batch {batch.id} ended {batch.status!r} before this request ran; run again to "
            "resubmit it",
        )
    response = line.get("response") or {}
    status = response.get("status_code")
    body = response.get("body") or {}
    if status == 200 and isinstance(body, dict) and body.get("choices") is not None:
        return completion(body)
    error = line.get("error") or (body.get("error") if isinstance(body, dict) else None) or {}
    message = error.get("message") or error.get("code") or "no answer"
    return BatchItemError("http", f"HTTP {status or '-'}: {message} (batch {batch.id})")


class BatchAPI:
    """The files and batches endpoints, through whichever openai client the Summarizer has."""

    def __init__(self, transport: Transport, *, threads: bool = False) -> None:
        self.transport = transport
        # threads: the sync client in threads even when there is an async one.
        self.threads = threads and transport.client is not None

    async def _call(self, method: Callable[[Any], Any], **kwargs: Any) -> Any:
        async for attempt in AsyncRetrying(**self.transport.retry_policy()):
            with attempt:
                if self.transport.async_client is not None and not self.threads:
                    result = await method(self.transport.async_client)(**kwargs)
                else:
                    assert self.transport.client is not None
                    result = await asyncio.to_thread(method(self.transport.client), **kwargs)
        return result

    async def find(self, digest: str) -> Batch | None:
        """A batch this input was already submitted as, unless it ended without answers."""
        page = await self._call(lambda c: c.batches.list, limit=100)
        for batch in page.data:
            tag = (batch.metadata or {}).get("conflictsum_input")
            if tag == digest and batch.status not in ("failed", "expired", "cancelled"):
                found: Batch = batch
                return found
        return None

    async def submit(self, data: bytes, digest: str) -> Batch:
        """Upload an input file and create its batch."""
        # A boundary fixed by the content keeps the upload byte-identical run after run
        # (what makes it replayable from a cassette); the digest never occurs in the data.
        headers = {"Content-Type": f"multipart/form-data; boundary=conflictsum-{digest[:32]}"}
        uploaded = await self._call(
            lambda c: c.files.create,
            file=(f"conflictsum-{digest[:16]}.jsonl", data, "application/jsonl"),
            purpose="batch",
            extra_headers=headers,
        )
        batch: Batch = await self._call(
            lambda c: c.batches.create,
            input_file_id=uploaded.id,
            endpoint=ENDPOINT,
            completion_window=COMPLETION_WINDOW,
            metadata={"conflictsum_input": digest, "conflictsum_prompt": PROMPT_VERSION},
        )
        return batch

    async def retrieve(self, batch_id: str) -> Batch:
        """The batch's current state."""
        batch: Batch = await self._call(lambda c: c.batches.retrieve, batch_id=batch_id)
        return batch

    async def content(self, file_id: str) -> bytes:
        """A file's bytes (batch output and error files)."""
        response = await self._call(lambda c: c.files.content, file_id=file_id)
        data = response.read()
        if isinstance(data, Awaitable):
            data = await data
        return bytes(data)


@dataclass
class _Parked:
    request: dict[str, Any]
    futures: list[asyncio.Future[ChatCompletion]] = field(default_factory=list)


class BatchRunner:
    """Runs conversations whose requests go out as batches, round after round."""

    def __init__(
        self,
        transport: Transport,
        *,
        poll_interval: float = 30.0,
        status: Callable[[str], None] | None = None,
        threads: bool = False,
    ) -> None:
        self.transport = transport
        self.api = BatchAPI(transport, threads=threads)
        self.poll_interval = poll_interval
        self.status = status or (lambda _: None)
        self.batches: list[str] = []  # ids of every batch this run used, in order
        self._parked: dict[str, _Parked] = {}
        self._active = 0
        self._waiting = 0
        self._changed = asyncio.Event()

    async def send(self, **request: Any) -> ChatCompletion:
        """instructor's create in batch mode: a cached answer, else wait for the next batch."""
        key, hit = self.transport.lookup(request)
        if hit is not None:
            return hit
        self.transport.check(request)
        future: asyncio.Future[ChatCompletion] = asyncio.get_running_loop().create_future()
        self._parked.setdefault(key, _Parked(request)).futures.append(future)
        self._waiting += 1
        self._changed.set()
        try:
            response = await future
        finally:
            self._waiting -= 1
        return self.transport.received(key, response, "batch")

    async def run(self, conversations: list[Coroutine[Any, Any, _T]]) -> list[_T]:
        """Run the conversations to the end, sending a batch whenever all of them wait."""
        tasks = [asyncio.ensure_future(c) for c in conversations]
        self._active = len(tasks)
        for task in tasks:
            task.add_done_callback(self._finished)
        rounds = 0
        while self._active:
            while self._active and self._waiting < self._active:
                self._changed.clear()
                await self._changed.wait()
            if self._parked:
                rounds += 1
                await self._round(rounds)
        return list(await asyncio.gather(*tasks))

    def _finished(self, _task: asyncio.Future[Any]) -> None:
        self._active -= 1
        self._changed.set()

    async def _round(self, number: int) -> None:
        parked, self._parked = self._parked, {}
        keys = list(parked)
        lines = [batch_line(k, parked[k].request) for k in keys]
        groups = split_lines(lines)
        await asyncio.gather(
            *(
                self._one_batch(number, [keys[i] for i in g], b"".join(lines[i] for i in g), parked)
                for g in groups
            )
        )

    async def _one_batch(
        self, number: int, keys: list[str], data: bytes, parked: dict[str, _Parked]
    ) -> None:
        digest = hashlib.sha256(data).hexdigest()
        try:
            batch = await self.api.find(digest) or await self.api.submit(data, digest)
            self.batches.append(batch.id)
            while batch.status not in _FINAL:
                counts = batch.request_counts
                done = f" {counts.completed + counts.failed}/{counts.total}" if counts else ""
                self.status(f"batch round {number}: {batch.id} {batch.status}{done}")
                await asyncio.sleep(self.poll_interval)
                batch = await self.api.retrieve(batch.id)
            self.status(f"batch round {number}: {batch.id} {batch.status}")
            lines: dict[str, dict[str, Any]] = {}
            for file_id in (batch.error_file_id, batch.output_file_id):
                if file_id:
                    lines.update(parse_output(await self.api.content(file_id)))
        except Exception as e:  # the batch API itself failed: every request in it fails so
            for key in keys:
                for future in parked[key].futures:
                    future.set_exception(e)
            return
        for key in keys:
            result = outcome(lines.get(key), batch)
            for future in parked[key].futures:
                if isinstance(result, BatchItemError):
                    future.set_exception(result)
                else:
                    future.set_result(result)
