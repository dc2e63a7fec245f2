"""Extraction: prompt, LLM-facing schema, verification and the Summarizer (the only I/O layer)."""

from conflictsum.extract.summarizer import DEFAULT_MODEL, Summarizer

__all__ = ["DEFAULT_MODEL", "Summarizer"]
