"""Readers turn a file into :class:`ingest.models.SourceText`, chosen by the file's suffix.

The registry maps a suffix to ``"module:Class"`` and imports the module only when a file of that
kind is read, so ``import ingest.readers`` (and ``policykg --help``) never imports pdfplumber.
A reader class takes no arguments and has ``read(path: Path, data: bytes) -> SourceText``.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from typing import Protocol

from ingest.errors import EmptyFileError, UnreadableFileError, UnsupportedFormatError
from ingest.models import SourceText

READERS: dict[str, str] = {
    ".txt": "ingest.readers.text:TextReader",
    ".md": "ingest.readers.text:TextReader",
    ".markdown": "ingest.readers.text:TextReader",
    ".pdf": "ingest.readers.pdf:PdfReader",
}
SUFFIXES: tuple[str, ...] = tuple(READERS)


class Reader(Protocol):
    def read(self, path: Path, data: bytes) -> SourceText: ...


def reader_for(path: str | Path) -> Reader:
    """The reader for ``path``'s suffix (case-insensitive); raises UnsupportedFormatError."""
    suffix = Path(path).suffix.lower()
    target = READERS.get(suffix)
    if target is None:
        supported = ", ".join(SUFFIXES)
        raise UnsupportedFormatError(
            str(path), f"unsupported format {suffix or '(no suffix)'!r}; supported: {supported}"
        )
    module_name, class_name = target.split(":")
    return getattr(importlib.import_module(module_name), class_name)()


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of a file's bytes.

    >>> sha256_of(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def read(path: str | Path) -> SourceText:
    """Read ``path`` into a SourceText (text, page spans, tables, encoding, sha256).

    Raises:
        UnsupportedFormatError: the suffix has no reader.
        EmptyFileError: 0 bytes, or no text but whitespace.
        BinaryFileError, UnreadableFileError, ScannedPDFError: see ``ingest.errors``.
    """
    path = Path(path)
    reader = reader_for(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableFileError(str(path), f"cannot open file: {err.strerror or err}") from err
    if not data:
        raise EmptyFileError(str(path), "empty file (0 bytes)")
    source = reader.read(path, data)
    if not source.text.strip():
        raise EmptyFileError(str(path), "no text in file (only whitespace)")
    return source
