"""Errors with codes and a sentence that says what to do (in the spirit of spaCy's Errors)."""

from __future__ import annotations


class BedfellowsError(Exception):
    """Base class: ``code`` is stable and documented; ``str()`` is for users."""

    code = "E000"
    exit_code = 2  # the command's exit status (README, "Exit status")

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(BedfellowsError):
    """An input file or article cannot be read (reported per article, never fatal)."""

    code = "E100"


class ModelError(BedfellowsError):
    """The spaCy pipeline cannot be loaded or lacks a component the coder needs."""

    code = "E200"


class DictionaryError(BedfellowsError):
    """A dictionary file is malformed: the message names the file and line."""

    code = "E300"


class StoreError(BedfellowsError):
    """The event store cannot be opened or written."""

    code = "E400"


class StoreMissingError(StoreError):
    """The store file to read does not exist."""

    code = "E401"
    exit_code = 3


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""

    code = "E402"
    exit_code = 4


class StoreCorruptError(StoreError):
    """The file is not a readable bedfellows store (corrupt, foreign or empty)."""

    code = "E403"
    exit_code = 5


class UnknownFormatError(BedfellowsError):
    """A format name (export ``--format``) or an input file's format is not one bedfellows knows."""

    code = "E112"
    exit_code = 6


class MissingExtraError(BedfellowsError):
    """A command needs an optional extra that is not installed (``bedfellows[serve]``...)."""

    code = "E500"


def require(module: str, extra: str, feature: str) -> object:
    """Import ``module`` of the optional ``extra``, or say which extra ``feature`` needs."""
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and exc.name.split(".")[0] != module.split(".")[0]:
            raise  # the extra is there but broken: not a missing extra
        raise MissingExtraError(
            f"{feature} needs the optional '{extra}' extra: pip install 'bedfellows[{extra}]'"
        ) from None


# Per-article problem codes (records.ArticleProblem.code).
PROBLEM_CODES = {
    "E101": "malformed JSON line",
    "E102": "article has no text",
    "E103": "binary or undecodable content",
    "E104": "article is not in English",
    "E105": "article text is too long",
    "E106": "invalid publication date",
    "E107": "unreadable file",
    "E108": "HTML without extractable text",
    "E109": "article record lacks a required field",
    "E110": "text repaired: not UTF-8 (decoded as Windows-1252 or with U+FFFD) or lone surrogates",
    "E112": "input file of a format bedfellows does not read",
    "E111": "WARC record skipped (not an HTML article, not English, or no text)",
    "E199": "unexpected failure while coding the article",
}
