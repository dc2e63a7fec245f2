"""Extraction: prompt, LLM-facing schema, verification and the Summarizer (the only I/O layer)."""

import logging

from conflictsum.extract.summarizer import DEFAULT_MODEL, Summarizer

# instructor logs every failed attempt at ERROR ("API call failed on attempt 2 …", "Max
# retries exceeded …"), though conflictsum turns each into a value (a re-ask, a salvaged
# summary, a typed failure). With no logging configured those lines went to stderr through
# Python's last-resort handler, through progress bars. A library's NullHandler stops that
# and nothing else: the records still propagate to any handler the user configures.
logging.getLogger("instructor").addHandler(logging.NullHandler())

__all__ = ["DEFAULT_MODEL", "Summarizer"]
