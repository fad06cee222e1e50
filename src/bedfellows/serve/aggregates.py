"""The store's analyses (:mod:`bedfellows.aggregate`) in the shapes of the ``/v1`` API.

The HTTP answers and ``bedfellows dyads``/``alignments`` on the command line
then agree, since both run the aggregate module's SQL. The aggregate functions
take a :class:`bedfellows.store.Store`, whose single connection is not for
concurrent use, so calls are serialised with a lock (they take milliseconds).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .queries import ReadOnlyStore, country_name

log = logging.getLogger(__name__)


def _num(x: Any) -> float:
    return float(x) if x is not None and x == x else 0.0  # NaN-safe


class Aggregates:
    """Dyads and alignments over one read-only store file."""

    def __init__(self, path: str | Path, fallback: ReadOnlyStore) -> None:
        from ..store import Store

        self._store = Store(path, read_only=True)
        self._lock = threading.Lock()
        self._fallback = fallback

    def reopen(self, path: str | Path) -> None:
        """Read another file from now on (a newer snapshot of the store)."""
        from ..store import Store

        fresh = Store(path, read_only=True)
        with self._lock:
            old, self._store = self._store, fresh
        old.close()

    def _name(self, key: str, name: str | None, group: str) -> str | None:
        if group == "country" and len(key) == 3:
            return country_name(key) or name
        return name

    def dyads(
        self,
        group: str,
        date_from: str | None,
        date_to: str | None,
        actor: str | None,
        min_events: int,
        limit: int,
    ) -> list[dict[str, Any]]:
        from ..aggregate import dyads

        with self._lock:
            df = dyads(self._store, None, group, date_from, date_to)
        names = {r["key"]: r["name"] for r in self._fallback.actors(group, date_from, date_to, 100_000)}
        rows = []
        for r in df.to_dict("records"):
            if r["events"] < min_events:
                continue
            if actor and not any(str(k).startswith(actor) for k in (r["source"], r["target"])):
                continue
            rows.append(
                {
                    "source": r["source"],
                    "target": r["target"],
                    "source_name": names.get(r["source"]),
                    "target_name": names.get(r["target"]),
                    "events": int(r["events"]),
                    "goldstein_sum": _num(r["goldstein_sum"]),
                    "goldstein_mean": _num(r["goldstein_mean"]),
                    "q1": int(r["verbal_coop"]),
                    "q2": int(r["material_coop"]),
                    "q3": int(r["verbal_conflict"]),
                    "q4": int(r["material_conflict"]),
                }
            )
        rows.sort(key=lambda r: (-r["events"], r["source"], r["target"]))
        return rows[:limit]

    def raw_alignments(
        self, group: str, date_from: str | None, date_to: str | None, hostile_only: bool,
        evidence: bool = True,
    ) -> list[dict[str, Any]]:
        """:func:`bedfellows.aggregate.alignments` over the store, as it answers; without
        ``evidence`` the evidence lists are empty (the listing shows counts only)."""
        from ..aggregate import alignments

        with self._lock:
            return alignments(self._store, date_from, date_to, group, require_hostile=hostile_only,
                              max_evidence=20 if evidence else 0)

    def alignments(
        self,
        group: str,
        date_from: str | None,
        date_to: str | None,
        hostile_only: bool,
        limit: int,
        *,
        found: list[dict[str, Any]] | None = None,
        keep: Callable[[list[str], list[str], str], bool] | None = None,
        max_relations: int | None = None,
    ) -> list[dict[str, Any]]:
        """The findings in the API's shape. ``found`` is :meth:`raw_alignments`' answer when
        the caller keeps it; ``keep(actors, common_enemies, kind)`` selects findings before
        they are converted, so a narrow request does not pay for thousands of others; only the
        first ``max_relations`` relations of each finding are converted (all when None)."""
        from ..aggregate import gc_paused

        if found is None:
            found = self.raw_alignments(group, date_from, date_to, hostile_only)
        if keep is not None:
            found = [
                r
                for r in found
                if keep(list(r.get("pair") or r.get("actors") or []), list(r.get("common_enemies") or []), r["kind"])
            ]
        names = {r["key"]: r["name"] for r in self._fallback.actors(group, date_from, date_to, 100_000)}
        with gc_paused():
            return self._convert(found[:limit], names, group, date_from, date_to, max_relations)

    def _convert(
        self, found: list[dict[str, Any]], names: dict[str, Any], group: str, date_from: str | None,
        date_to: str | None, max_relations: int | None,
    ) -> list[dict[str, Any]]:
        pair_edges: dict[tuple[str, str], dict[str, Any]] = {}
        out = []
        for item in found:
            actors = list(item.get("pair") or item.get("actors") or [])
            rels = (item.get("enemy_relations") or item.get("relations") or [])[:max_relations]
            pair_relation = None
            if item["kind"] == "common_enemy":
                if not pair_edges:
                    from .queries import EventFilter

                    flt = EventFilter(date_from=date_from, date_to=date_to)
                    edges = self._fallback.network_edges(group, flt, 1, 1_000_000)
                    pair_edges = {(e["source"], e["target"]): e for e in edges}
                edge = pair_edges.get((min(actors), max(actors)))
                if edge is not None:
                    pair_relation = {
                        "actors": sorted(actors),
                        "sign": edge["sign"],
                        "events": edge["events"],
                        "cooperation": edge["cooperation"],
                        "conflict": edge["conflict"],
                        "goldstein_sum": edge["goldstein_sum"],
                        "evidence": list(item.get("pair_evidence") or []),
                    }
            out.append(
                {
                    "kind": item["kind"],
                    "actors": actors,
                    "names": [names.get(a) for a in actors],
                    "score": float(item["score"]) if item.get("score") is not None else None,
                    "common_enemies": list(item.get("common_enemies") or []),
                    "hostile_record": item.get("hostile_record"),
                    "pattern": item.get("pattern"),
                    "evidence": list(item.get("pair_evidence") or []),
                    "relations": [
                        {**r, "goldstein_sum": _num(r["goldstein_sum"]), "evidence": list(r["evidence"])} for r in rels
                    ],
                    "bedfellows": item.get("bedfellows"),
                    "pair_relation": pair_relation,
                }
            )
        return out
