"""A loopback OpenAI-compatible stub with the Batch API, serving authored answers.

It answers ``POST /v1/chat/completions`` like tests/openai_stub.py (scripted answers per
article id and attempt, see there), after an optional latency, and implements the part of
the Batch API conflictsum uses: ``POST /v1/files`` (multipart upload), ``POST /v1/batches``,
``GET /v1/batches`` and ``GET /v1/batches/{id}`` (each look moves a batch one step through
validating → in_progress → completed) and ``GET /v1/files/{id}/content``. Ids are derived
from content, so re-recording gives the same cassettes.

An article id that has no script of its own uses the script of the id before its first
``-`` or ``~``: copies of a seed (``<seed id>-7``) and parts of an article (``<id>~1``) get
the seed's answers. Every chat request is logged with its article id (``requests``).

Run it as a process of its own (benchmarks, kill -9 tests):

    python -m tests.batch_stub --scenario seeds --latency 0.5   # prints its base URL
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2
import openai

from .openai_stub import _completion, load_scenario

_ARTICLE_ID = re.compile(r'<article id="([^"]+)"')
MAX_LATENCY = 5.0  # seconds; the stub never sleeps longer, whatever it is asked


class StubState:
    """What the stub knows: the scripts, uploaded files, batches and a log of chat requests."""

    def __init__(self, scenario: str, model: str, latency: float) -> None:
        self.scripts = load_scenario(scenario)
        self.model = model
        self.latency = min(max(latency, 0.0), MAX_LATENCY)
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []  # article id of every chat request, in arrival order
        self.lock = threading.Lock()

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """HTTP status and JSON body for one chat-completion request."""
        text = json.dumps(body.get("messages", [])).replace('\\"', '"')
        found = _ARTICLE_ID.search(text)
        article_id = found.group(1) if found else ""
        with self.lock:
            self.requests.append(article_id)
        answers = self.scripts.get(article_id) or self.scripts.get(
            re.split(r"[-~]", article_id)[0], []
        )
        attempt = sum(1 for m in body.get("messages", []) if m.get("role") == "assistant")
        if attempt >= len(answers):
            return 500, {"error": {"message": f"no scripted answer #{attempt}"}}
        answer = answers[attempt]
        if "status" in answer:
            return answer["status"], {"error": {"message": answer.get("error", "")}}
        return 200, _completion(body, answer, self.model)

    def create_batch(self, request: dict[str, Any]) -> dict[str, Any]:
        """Run every request of the input file now; the batch reports it step by step."""
        input_id = request["input_file_id"]
        out: list[str] = []
        errors: list[str] = []
        for n, raw in enumerate(self.files[input_id].splitlines()):
            line = json.loads(raw)
            status, body = self.answer(line["body"])
            record = {
                "id": f"batch_req_{n}",
                "custom_id": line["custom_id"],
                "response": {"status_code": status, "request_id": f"req_{n}", "body": body},
                "error": None,
            }
            (out if status == 200 else errors).append(json.dumps(record))
        batch_id = "batch_" + hashlib.sha256(input_id.encode()).hexdigest()[:24]
        batch = {
            "id": batch_id,
            "object": "batch",
            "endpoint": request["endpoint"],
            "input_file_id": input_id,
            "completion_window": request["completion_window"],
            "status": "validating",
            "created_at": 0,
            "metadata": request.get("metadata"),
            "output_file_id": None,
            "error_file_id": None,
            "request_counts": {"completed": 0, "failed": 0, "total": len(out) + len(errors)},
            "_out": out,
            "_errors": errors,
        }
        self.batches[batch_id] = batch
        return _public(batch)

    def look(self, batch_id: str) -> dict[str, Any]:
        """The batch as it is now; each look moves it one step on."""
        batch = self.batches[batch_id]
        if batch["status"] == "validating":
            batch["status"] = "in_progress"
        elif batch["status"] == "in_progress":
            batch["status"] = "completed"
            for kind, lines in (("output", batch["_out"]), ("error", batch["_errors"])):
                if lines:
                    data = ("\n".join(lines) + "\n").encode()
                    file_id = f"file-{kind}-" + hashlib.sha256(data).hexdigest()[:20]
                    self.files[file_id] = data
                    batch[f"{kind}_file_id"] = file_id
            batch["request_counts"] = {
                "completed": len(batch["_out"]),
                "failed": len(batch["_errors"]),
                "total": len(batch["_out"]) + len(batch["_errors"]),
            }
        return _public(batch)


def _public(batch: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in batch.items() if not k.startswith("_")}


def _upload(content_type: str, body: bytes) -> tuple[str, bytes]:
    """The file name and bytes of a multipart/form-data upload."""
    message = BytesParser(policy=email_policy).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return part.get_filename() or "upload.jsonl", payload
    raise ValueError("no file in the upload")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # benchmarks open dozens of connections at once


def make_server(
    scenario: str,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    latency: float = 0.0,
    model: str = "authored-strong-model",
) -> tuple[ThreadingHTTPServer, StubState]:
    """A stub server bound to host:port (0: any free port), not yet serving."""
    state = StubState(scenario, model, latency)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real API server does

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = self.path.split("?")[0]
            if path.endswith("/chat/completions"):
                if state.latency:
                    time.sleep(state.latency)
                status, payload = state.answer(json.loads(data))
                self._send(status, payload)
            elif path.endswith("/files"):
                name, content = _upload(self.headers["Content-Type"], data)
                file_id = "file-" + hashlib.sha256(content).hexdigest()[:24]
                state.files[file_id] = content
                self._send(
                    200,
                    {
                        "id": file_id,
                        "object": "file",
                        "bytes": len(content),
                        "created_at": 0,
                        "filename": name,
                        "purpose": "batch",
                        "status": "processed",
                    },
                )
            elif path.endswith("/batches"):
                self._send(200, state.create_batch(json.loads(data)))
            else:
                self._send(404, {"error": {"message": f"no route {path}"}})

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            parts = path.rstrip("/").split("/")
            if path.endswith("/batches"):
                listed = [_public(b) for b in reversed(state.batches.values())]
                self._send(200, {"object": "list", "data": listed, "has_more": False})
            elif len(parts) >= 2 and parts[-2] == "batches" and parts[-1] in state.batches:
                self._send(200, state.look(parts[-1]))
            elif path.endswith("/content") and parts[-2] in state.files:
                self._send_bytes(200, state.files[parts[-2]], "application/octet-stream")
            else:
                self._send(404, {"error": {"message": f"no route {path}"}})

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            self._send_bytes(status, json.dumps(payload).encode(), "application/json")

        def _send_bytes(self, status: int, data: bytes, content_type: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client is gone (a killed run): nobody to answer

    return _Server((host, port), Handler), state


@contextmanager
def serve(scenario: str, *, port: int = 0, latency: float = 0.0) -> Iterator[tuple[str, StubState]]:
    """Serve a scenario on loopback in a thread; yields the base URL and the stub's state."""
    server, state = make_server(scenario, port=port, latency=latency)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def stub_client(state: StubState) -> openai.OpenAI:
    """An openai client whose chat requests the stub answers in-process (no socket)."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        status, payload = state.answer(json.loads(request.content))
        return httpx2.Response(status, json=payload)

    return openai.OpenAI(
        base_url="http://stub.invalid/v1",
        api_key="test",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )


def main() -> None:
    """Serve until killed, or until --lifetime seconds have passed; print the base URL first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="seeds")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per chat request")
    parser.add_argument("--lifetime", type=float, default=600.0, help="stop after this long")
    args = parser.parse_args()
    server, _ = make_server(args.scenario, port=args.port, latency=args.latency)
    print(f"http://127.0.0.1:{server.server_address[1]}/v1", flush=True)
    # Bounded in time: a stub left behind by a crashed benchmark stops by itself.
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()
    server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
