"""A loopback OpenAI-compatible stub that serves scripted answers, for recording authored cassettes.

Each script is a JSON file ``cassettes/authored/answers/<scenario>/<article id>.json``:
``{"article": path, "note": why, "answers": [answer, ...]}``, one answer per attempt, in
order. An answer is one of

- ``{"arguments": {...}}``: a tool call whose arguments are this object;
- ``{"arguments_text": "...", "finish_reason": "length"}``: a cut-off tool call;
- ``{"refusal": "..."}`` or ``{"content": "..."}``: no tool call;
- ``{"status": 500, "error": "..."}``: an HTTP error.

The attempt number is the count of assistant turns already in the request, so instructor's
re-asks get the next answer. Token counts are estimates (4 characters a token): these
answers are written by hand and their usage is labelled as such by the model name.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ANSWERS = Path(__file__).resolve().parents[1] / "cassettes" / "authored" / "answers"
_ARTICLE_ID = re.compile(r'<article id="([^"]+)"')


def load_scenario(scenario: str) -> dict[str, list[dict[str, Any]]]:
    """Map article id to its scripted answers for one scenario."""
    scripts: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((ANSWERS / scenario).glob("*.json")):
        scripts[path.stem] = json.loads(path.read_text(encoding="utf-8"))["answers"]
    return scripts


def _completion(body: dict[str, Any], answer: dict[str, Any], model: str) -> dict[str, Any]:
    tool_name = body["tools"][0]["function"]["name"] if body.get("tools") else "answer"
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = answer.get("finish_reason", "stop")
    if "arguments" in answer or "arguments_text" in answer:
        arguments = answer.get("arguments_text") or json.dumps(
            answer["arguments"], ensure_ascii=False
        )
        message["tool_calls"] = [
            {
                "id": "call_authored_0",
                "type": "function",
                "function": {"name": tool_name, "arguments": arguments},
            }
        ]
        finish = answer.get("finish_reason", "tool_calls")
        produced = arguments
    elif "refusal" in answer:
        message["refusal"] = answer["refusal"]
        produced = answer["refusal"]
    else:
        message["content"] = answer["content"]
        produced = answer["content"]
    prompt_tokens = len(json.dumps(body.get("messages", []))) // 4
    completion_tokens = max(1, len(produced) // 4)
    return {
        "id": "chatcmpl-authored",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


@contextmanager
def serve_scenario(
    scenario: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    model: str = "authored-strong-model",
) -> Iterator[str]:
    """Serve one scenario's scripted answers on loopback; yields the base URL."""
    scripts = load_scenario(scenario)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            text = json.dumps(body.get("messages", []))
            found = _ARTICLE_ID.search(text.replace('\\"', '"'))
            answers = scripts.get(found.group(1), []) if found else []
            attempt = sum(1 for m in body.get("messages", []) if m.get("role") == "assistant")
            if attempt >= len(answers):
                self._send(500, {"error": {"message": f"no scripted answer #{attempt}"}})
                return
            answer = answers[attempt]
            if "status" in answer:
                self._send(answer["status"], {"error": {"message": answer.get("error", "")}})
                return
            self._send(200, _completion(body, answer, model))

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer((host, port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{port}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
