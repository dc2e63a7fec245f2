"""An on-disk cache of raw model responses, keyed on everything that shapes the answer.

The cache holds the model's raw chat completion, not our verdict on it: a hit is verified
again by the current code, so a change to verification never serves a stale verdict. The
key is the full request as sent (model, messages with any re-asks, the tools block that
carries the response schema, tool_choice that the mode sets, temperature, seed, max_tokens
and any other sampling parameter), plus the endpoint and the prompt version. SQLite (stdlib)
keeps it safe across threads and processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from conflictsum._replay import canonical_body
from conflictsum.extract.prompt import PROMPT_VERSION

# Bump when the key recipe or the stored form changes: old entries then simply miss.
CACHE_FORMAT = "1"


def default_cache_path() -> Path:
    """Where the command line keeps its cache: $CONFLICTSUM_CACHE, else the XDG cache folder."""
    explicit = os.environ.get("CONFLICTSUM_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "conflictsum" / "responses.sqlite3"


def request_key(endpoint: str, request: Mapping[str, Any]) -> str:
    """Return the cache key of one chat-completion request sent to one endpoint."""
    # canonical_body sorts keys and drops the pydantic version from the error URLs that
    # instructor's re-asks quote, so a pydantic upgrade does not orphan retried answers.
    body = canonical_body(json.dumps(request, default=_jsonable, ensure_ascii=False))
    identity = f"{CACHE_FORMAT}\n{PROMPT_VERSION}\n{endpoint.rstrip('/')}\n{body}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


def request_body(request: Mapping[str, Any]) -> dict[str, Any]:
    """The request as plain JSON data, exactly as it goes over the wire."""
    data: dict[str, Any] = json.loads(json.dumps(request, default=_jsonable, ensure_ascii=False))
    return data


def _jsonable(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", exclude_unset=True)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class ResponseCache:
    """Raw chat completions on disk in one SQLite file; safe to share across threads and runs."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[sqlite3.Connection] = []
        with self._connection() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS responses "
                "(key TEXT PRIMARY KEY, response TEXT NOT NULL, stored REAL NOT NULL)"
            )

    def _connection(self) -> sqlite3.Connection:
        # sqlite3 connections must not cross threads; one per thread is cheap.
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            # check_same_thread=False only so that close() can close every thread's connection.
            db = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            # WAL lets one process read while another (a second run, a batch) writes.
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
            with self._lock:
                self._open.append(db)
        return db

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored response for a key, or None."""
        row = (
            self._connection()
            .execute("SELECT response FROM responses WHERE key = ?", (key,))
            .fetchone()
        )
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row[0])
        return data

    def put(self, key: str, response: Mapping[str, Any]) -> None:
        """Store a response under a key, replacing any older one."""
        self._connection().execute(
            "INSERT OR REPLACE INTO responses (key, response, stored) VALUES (?, ?, ?)",
            (key, json.dumps(response, ensure_ascii=False), time.time()),
        )

    def __len__(self) -> int:
        return int(self._connection().execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        """Close every connection this cache opened; it reopens on next use."""
        with self._lock:
            for db in self._open:
                db.close()
            self._open.clear()
        self._local = threading.local()
