"""Files of the dashboard's current view: events as CSV / JSON / Parquet, the network as GraphML.

CSV and Parquet carry the store's flat event columns (those of
:mod:`bedfellows.schema`), JSON the event records of ``Event.to_dict()``, so a
file exported here reads back like one from ``bedfellows export``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..schema import EVENT_SCHEMA, row_to_event, typed_schema

MEDIA = {"csv": "text/csv", "json": "application/json", "parquet": "application/vnd.apache.parquet"}


def events_file(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> tuple[bytes, str, str]:
    """The body, media type and file suffix of ``rows`` written as ``fmt``."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue().encode("utf-8"), MEDIA["csv"] + "; charset=utf-8", "csv"
    if fmt == "json":
        records = [row_to_event(r).to_dict() for r in rows]
        return json.dumps(records, ensure_ascii=False).encode("utf-8"), MEDIA["json"], "json"
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([f for f in EVENT_SCHEMA if f.name in columns])
        # typed as `bedfellows export` types it: dates are date32, not text
        table = pa.Table.from_pylist(rows, schema=schema).cast(typed_schema([(f.name, f.type) for f in schema]))
        out = io.BytesIO()
        pq.write_table(table, out)
        return out.getvalue(), MEDIA["parquet"], "parquet"
    raise ValueError(f"unknown export format {fmt!r}")


def network_graphml(net: dict[str, Any]) -> bytes:
    """GraphML of a ``/v1/network`` answer: node names and events, edge sign, weight, counts."""
    import networkx as nx

    g = nx.Graph()
    for n in net["nodes"]:
        g.add_node(n["id"], name=n.get("name") or n["id"], events=int(n["events"]))
    for e in net["edges"]:
        g.add_edge(
            e["source"],
            e["target"],
            events=int(e["events"]),
            sign=int(e["sign"]),
            weight=float(e["goldstein_sum"]),
            goldstein_mean=float(e["goldstein_mean"]),
            cooperation=int(e["cooperation"]),
            conflict=int(e["conflict"]),
        )
    return "\n".join(nx.generate_graphml(g)).encode("utf-8")
