"""Domain errors of ``ingest``: they name the file and say what is wrong, in one line.

They know nothing of HTTP or the command line: ``api/errors.py`` maps them to one JSON error shape
and the CLI to a one-line message with exit code 1. New kinds of bad input (metadata sidecars,
compilation splitting) subclass :class:`IngestError` so callers can catch them all at once.
"""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot become a document; ``str(err)`` is one line naming the file.

    >>> str(IngestError("/data/a.txt", "something is wrong"))
    'a.txt: something is wrong'
    """

    def __init__(self, path: str, detail: str) -> None:
        self.path = str(path)
        self.detail = " ".join(str(detail).split())  # one line, always
        super().__init__(f"{self.name}: {self.detail}")

    @property
    def name(self) -> str:
        """The file's name without its folder."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


class UnsupportedFormatError(IngestError):
    """The file's suffix has no reader (.docx, .xyz …)."""


class EmptyFileError(IngestError):
    """0 bytes, or only whitespace once decoded."""


class BinaryFileError(IngestError):
    """A file named like text that holds binary data (NUL bytes, mostly undecodable)."""


class UnreadableFileError(IngestError):
    """A file that cannot be decoded or parsed: bad encoding, truncated, encrypted or corrupt PDF."""


class ScannedPDFError(IngestError):
    """A PDF whose pages are images only: it would need OCR, which policykg does not do."""

    def __init__(self, path: str, detail: str | None = None) -> None:
        super().__init__(
            path,
            detail
            or "scanned/image-only PDF: it has no text layer, and OCR is not supported "
            "(convert it to a text PDF or .txt first)",
        )
