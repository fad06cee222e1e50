"""Checks of a ``--dictionaries`` folder before it is used.

A junk file in the folder (prose, a binary, a file of another format) must fail loudly,
naming the file and line, instead of quietly adding actors or replacing the verb patterns.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..errors import DictionaryError
from .tabari import _CODE, _strip_comment, read_actor_lines, read_agent_lines

log = logging.getLogger(__name__)

# IRNGOV, USA, ELR/GAL (several actors), --- and +++ (PETRARCH's null and same-as codes)
ACTOR_CODE = re.compile(r"^(?:[A-Za-z0-9]{3,}(?:/[A-Za-z0-9]{3,})*|-{3}|\+{3})$")
AGENT_CODE = re.compile(r"^(?:~[A-Za-z0-9]{3,}|[A-Za-z0-9]{3,}~)$")  # ~GOV, MIL~
MAX_UNCODED_SHARE = 0.5  # real actor files leave a few names without a code (0-6 %); junk, most


def dictionary_kind(path: Path) -> str | None:
    """``agents``, ``actors`` or ``verbs`` from the file name, as the loaders read it; else None."""
    low = path.name.lower()
    if "agent" in low:
        return "agents"
    if "actor" in low:
        return "actors"
    if "verb" in low:
        return "verbs"
    return None


def check_dictionary_folder(folder: Path) -> list[Path]:
    """Raise :class:`DictionaryError` (file:line: why) for the first unusable file.

    Returns the dictionary files that will be used; other ``*.txt`` files are named
    in a warning (they are not read).
    """
    used: list[Path] = []
    for path in sorted(folder.glob("*.txt")):
        kind = dictionary_kind(path)
        if kind is None:
            log.warning("%s: not read (a dictionary file name holds 'actors', 'agents' or 'verbs')", path.name)
            continue
        lines = _lines(path)
        if kind == "actors":
            _check_actors(path, lines)
        elif kind == "agents":
            _check_agents(path, lines)
        else:
            _check_verbs(path)
        used.append(path)
    if not used:
        raise DictionaryError(f"--dictionaries {folder}: no *actors*.txt, *agents*.txt or *verbs*.txt file in it")
    return used


def _lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DictionaryError(f"cannot read {path}: {exc.strerror or exc}") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DictionaryError(f"{path}:{line}: binary data (NUL byte), not a dictionary")
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DictionaryError(f"{path}:{line}: not UTF-8 text") from None


def _check_actors(path: Path, lines: list[str]) -> None:
    # a bad date costs its code only (the loader says so): sources have a few such typos
    problems: list[str] = []
    entries = list(read_actor_lines(lines, str(path), problems))
    for e in entries:
        for c in e.codes:
            if not ACTOR_CODE.match(c.code):
                raise DictionaryError(f"{path}:{e.line}: [{c.code}] is not an actor code (such as IRNGOV)")
    coded = [e for e in entries if e.codes]
    if not coded:
        first = f" (first bad code: {problems[0]})" if problems else ""
        raise DictionaryError(f"{path}: no actor with a [CODE]; not a PETRARCH/TABARI actor dictionary{first}")
    uncoded = [e for e in entries if not e.codes]
    if len(uncoded) > MAX_UNCODED_SHARE * len(entries):
        raise DictionaryError(
            f"{path}:{uncoded[0].line}: {len(uncoded)} of {len(entries)} names have no [CODE] "
            "(first here); not a PETRARCH/TABARI actor dictionary"
        )


def _check_agents(path: Path, lines: list[str]) -> None:
    for lineno, raw in enumerate(lines, 1):
        for code in _CODE.findall(_strip_comment(raw)):
            if not AGENT_CODE.match(code.strip()):
                raise DictionaryError(f"{path}:{lineno}: [{code}] is not an agent code (such as ~GOV or MIL~)")
    if not any(True for _ in read_agent_lines(lines, str(path))):
        raise DictionaryError(f"{path}: no agent with a [~CODE]; not a PETRARCH/TABARI agent dictionary")


def _check_verbs(path: Path) -> None:
    from ..events.petrarch_verbs import read_verb_file

    if len(read_verb_file(path)) == 0:
        raise DictionaryError(f"{path}: no verb or pattern could be read; not a PETRARCH/TABARI verb dictionary")
