"""``evaluate``: code a gold set with the real coder and score it.

One function for the CLI, the quality gate and benchmarks: it reads the gold
file (format detected), runs :class:`bedfellows.coder.Coder` on its sentences
and returns an :class:`EvaluationReport` with the figures that apply to that
set. Printing is left to the caller (the CLI renders it with rich).
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .gold import GoldItem, GoldSet, iter_articles, read_gold
from .scoring import (
    EventDict,
    LevelScore,
    classify_items,
    date_place,
    exact_records,
    score_items,
)

log = logging.getLogger(__name__)

#: The level whose misses and extras ``--errors`` lists, per format.
HEADLINE = {
    "petrarch-xml": "exact",
    "petrarch-jsonl": "exact",
    "plover-gsr": "dyad_plover",
    "bedfellows-gold": "dyad_root",
    "conflibert-tsv": "",
    "ngec-actors": "",
}


class EvaluationError(RuntimeError):
    """Evaluation cannot run (missing coder part, unreadable gold): one clear sentence."""


@dataclass
class EvaluationReport:
    """Figures of one gold set; ``figures`` is the flat table the quality gate pins."""

    name: str
    format: str
    items: int
    figures: dict[str, float] = field(default_factory=dict)
    levels: dict[str, LevelScore] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: str | None = None  # why the set could not be evaluated at all

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "format": self.format,
            "items": self.items,
            "figures": {k: round(v, 4) for k, v in self.figures.items()},
            "levels": {k: v.to_dict() for k, v in self.levels.items()},
            "errors": self.errors,
            "notes": self.notes,
            "seconds": round(self.seconds, 2),
            "skipped": self.skipped,
        }


def _validation_dir(src: str) -> str:
    """A folder holding only the PETR.Validate.* files: user-dictionary loaders read every
    ``*.txt`` of the folder, and the Phoenix files beside them must not leak in."""
    folder = Path(tempfile.mkdtemp(prefix="bedfellows-petr-validate-"))
    atexit.register(shutil.rmtree, folder, True)
    for f in Path(src).glob("PETR.Validate.*.txt"):
        if f.name == "PETR.Validate.verbs.2.0.txt":
            continue  # the PETRARCH-1 format verbs file is the one the records were built for
        (folder / f.name).symlink_to(f.resolve())
    return str(folder)


_VALIDATION_DIRS: dict[str, str] = {}


def _make_coder(model: str | None, dictionaries: str | None, keep_open_events: bool = False) -> Any:
    try:
        from ..coder import get_coder

        return get_coder(model, dictionaries, keep_open_events=keep_open_events)
    except ImportError as exc:
        raise EvaluationError(
            f"the event coder cannot run yet ({exc}); nothing to evaluate"
        ) from exc


def code_items(
    items: list[GoldItem],
    model: str | None = None,
    dictionaries: str | None = None,
    keep_open_events: bool = False,
) -> tuple[dict[str, list[EventDict]], list[str]]:
    """Run the real coder on gold items: events (as dicts) per item id, and problems."""
    coder = _make_coder(model, dictionaries, keep_open_events)
    pairs = list(iter_articles(items))
    coded: dict[str, list[EventDict]] = {it.id: [] for it in items}
    problems: list[str] = []
    for res in coder.code_stream([a for _, a in pairs]):
        if res.problem is not None:
            problems.append(str(res.problem))
        coded[res.article.id] = [e.to_dict() for e in res.events]
    return coded, problems


#: ``bedfellows``: the spaCy coder on the sentence text.  ``petrarch-tree``: PETRARCH-2's
#: algorithm on the Penn Treebank parse each record carries (PETRARCH records only).
ENGINES = ("bedfellows", "petrarch-tree")


def tree_dictionaries(gold: GoldSet, dictionaries: str | None) -> Any:
    """The PETRARCH-format dictionaries the tree engine codes with."""
    from ..petrarch import load_tree_dictionaries, validation_dictionaries

    if dictionaries:
        files = sorted(Path(dictionaries).glob("*.txt"))
        if not files:
            raise EvaluationError(f"{dictionaries}: no PETRARCH dictionary files (*.txt) there")
        return load_tree_dictionaries(files)
    if gold.dictionaries:
        return validation_dictionaries(Path(gold.dictionaries))
    raise EvaluationError(
        "the petrarch-tree engine needs PETRARCH dictionaries: pass --dictionaries DIR"
    )


def code_items_tree(
    items: list[GoldItem], dictionaries: Any
) -> tuple[dict[str, list[EventDict]], list[str]]:
    """Code each item's own parse tree the way PETRARCH-2 does."""
    import datetime as dt

    from ..events.codebook import load_codebook
    from ..petrarch import code_tree

    book = load_codebook()
    coded: dict[str, list[EventDict]] = {}
    problems: list[str] = []
    for it in items:
        parse = it.extra.get("parse")
        coded[it.id] = []
        if not parse:
            problems.append(f"{it.id}: no parse tree; the petrarch-tree engine codes parses")
            continue
        day = dt.date.fromisoformat(it.date) if it.date else None
        try:
            events = code_tree(
                parse, dictionaries, day, it.text, require_dyad=it.extra.get("require_dyad", True)
            )
        except (ValueError, RecursionError) as exc:
            problems.append(f"{it.id}: parse tree not coded ({exc})")
            continue
        for ev in events:
            try:
                entry = book.get(ev.code)
                quad, plover = entry.quad_class, entry.plover
            except KeyError:
                quad, plover = None, None
            coded[it.id].append(
                {
                    "source": {"code": ev.source} if ev.source != "---" else None,
                    "target": {"code": ev.target} if ev.target != "---" else None,
                    "cameo": ev.code,
                    "quad_class": quad,
                    "plover": plover,
                    "rule": "petrarch-tree:" + ev.pattern,
                }
            )
    return coded, problems


def evaluate(
    gold_path: str | Path,
    *,
    errors: bool = False,
    limit: int | None = None,
    model: str | None = None,
    dictionaries: str | None = None,
    format: str | None = None,
    engine: str = "bedfellows",
    half: str | None = None,
) -> EvaluationReport:
    """Code the sentences of ``gold_path`` and score them at the levels that apply.

    ``half`` ("even" or "odd") keeps the items at even or odd positions (1-based, file order):
    develop on one half, report both; the other is the honest figure.

    ``limit`` takes the first N items (a fixed, documented subset); ``dictionaries``
    overrides the folder of user dictionaries (PETRARCH records default to the
    PETR.Validate.* files found beside the benchmark); ``engine`` picks the coder
    (see :data:`ENGINES`).
    """
    t0 = time.perf_counter()
    if engine not in ENGINES:
        raise EvaluationError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    gold = read_gold(gold_path, format)
    if half not in (None, "even", "odd"):
        raise EvaluationError(f"half must be 'even' or 'odd', not {half!r}")
    if gold.format == "ngec-actors":
        report = _evaluate_actors(gold, limit, errors)
        report.seconds = time.perf_counter() - t0
        return report
    items = _half(gold.items[:limit] if limit else gold.items, half)
    report = EvaluationReport(gold.name, gold.format, len(items))
    if engine == "petrarch-tree":
        if not gold.format.startswith("petrarch"):
            raise EvaluationError(
                "the petrarch-tree engine codes parse trees; only PETRARCH records carry them"
            )
        coded, problems = code_items_tree(items, tree_dictionaries(gold, dictionaries))
        report.notes.append("coded with PETRARCH-2's algorithm on the records' own parse trees")
    else:
        dicts = dictionaries
        if dicts is None and gold.dictionaries:
            dicts = _VALIDATION_DIRS.setdefault(gold.dictionaries, _validation_dir(gold.dictionaries))
            report.notes.append("coded with the PETR.Validate.* dictionaries the records need")
        # a sentence classification wants each sentence's event type, whoever received the act
        classify = gold.format == "conflibert-tsv"
        if classify:
            report.notes.append("acts with no receiver named are kept (sentence classification)")
        coded, problems = code_items(items, model, dicts, keep_open_events=classify)
    report.notes.extend(problems[:20])
    _score(report, gold, items, coded, errors)
    report.seconds = time.perf_counter() - t0
    return report


def _half(items: list[GoldItem], half: str | None) -> list[GoldItem]:
    if half is None:
        return items
    keep = 0 if half == "even" else 1
    return [it for n, it in enumerate(items, start=1) if n % 2 == keep]


def _score(
    report: EvaluationReport,
    gold: GoldSet,
    items: list[GoldItem],
    coded: dict[str, list[EventDict]],
    errors: bool,
) -> None:
    n_events = sum(len(v) for v in coded.values())
    report.figures["events_per_item"] = n_events / len(items) if items else 0.0
    if gold.format == "conflibert-tsv":
        figs, wrong = classify_items(items, coded)
        report.figures.update({f"class_{k}": v for k, v in figs.items()})
        if errors:
            report.errors = [
                {
                    "id": it.id,
                    "sentence": it.text,
                    "expected_class": it.label,
                    "coded_class": pred,
                    "rules": [e.get("rule") for e in coded.get(it.id, [])],
                }
                for it, pred in wrong
            ]
        return
    headline = HEADLINE.get(gold.format, "dyad_root")
    levels, outcomes = score_items(items, coded, headline)
    report.levels = levels
    for name, s in levels.items():
        report.figures[f"{name}_precision"] = s.precision
        report.figures[f"{name}_recall"] = s.recall
        report.figures[f"{name}_f1"] = s.f1
    if gold.format.startswith("petrarch"):
        report.figures["records_exact"] = exact_records(items, coded)
        noev = [it for it in items if it.noevents]
        if noev:
            report.figures["noevents_respected"] = sum(not coded.get(it.id) for it in noev) / len(
                noev
            )
    if gold.format == "bedfellows-gold":
        report.figures.update(date_place(items, coded))
    if errors:
        for out in outcomes:
            if not (out.misses or out.extras or out.forbidden):
                continue
            report.errors.append(
                {
                    "id": out.item.id,
                    "sentence": out.item.text[:500],
                    "misses": [g.describe() for g in out.misses],
                    "extras": [_show(e) for e in out.extras],
                    "forbidden": [_show(e) for e in out.forbidden],
                }
            )


def _show(e: EventDict) -> str:
    def a(x: dict[str, Any] | None) -> str:
        return (x or {}).get("code") or "-"

    return (
        f"{a(e.get('source'))} -> {a(e.get('target'))} {e.get('cameo')} "
        f"{e.get('plover') or ''} [{e.get('rule') or '?'}] «{(e.get('sentence') or '')[:160]}»"
    )


def ngec_country(code: str | None, country: str | None, want: str | None) -> str | None:
    """The "country" NGEC would read off an actor: its country; for an international
    organisation "IGO", or the family NGEC names ("UNO" for IGOUNO..., "EUR" for IGOEUR...).
    A bare role ("GOV", "MIL") names no country: it is None, not its first three letters."""
    if country:
        return country
    code = (code or "").upper()
    if code.startswith("IGO"):
        if want and want != "IGO" and code[3:6] == want:
            return want
        return "IGO"
    return None


def _evaluate_actors(gold: GoldSet, limit: int | None, errors: bool) -> EvaluationReport:
    cases = gold.cases[:limit] if limit else gold.cases
    report = EvaluationReport(gold.name, gold.format, len(cases))
    try:
        from ..actors import resolve_actor_text
    except ImportError:
        report.skipped = (
            "bedfellows.actors.resolve_actor_text(text, date=None) does not exist "
            "yet; NGEC actor cases not evaluated"
        )
        return report
    right = right_c = with_country = 0
    for case in cases:
        want = case["country"]
        try:
            actor = resolve_actor_text(case["text"], date=case["date"], context=case.get("context") or None)
        except Exception as exc:  # noqa: BLE001 - one bad case must not stop the set
            log.warning("resolve_actor_text(%r) failed: %s", case["text"], exc)
            actor = None
        got = ngec_country(actor.code, actor.country, want) if actor is not None else None
        ok = (got or None) == (want or None)
        right += ok
        if want:
            with_country += 1
            right_c += ok
        if errors and not ok:
            report.errors.append(
                {
                    "id": case["test"],
                    "sentence": case["text"],
                    "expected_country": want,
                    "got": got,
                    "actor": actor.code if actor else None,
                }
            )
    report.figures["country_correct"] = right / len(cases) if cases else 0.0
    report.figures["country_correct_named"] = right_c / with_country if with_country else 0.0
    return report
