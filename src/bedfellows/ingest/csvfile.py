"""CSV articles: a header row with a ``text`` column (``id``, ``published``... optional)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..records import ArticleProblem
from .readers import ReadResult, article_from_record

csv.field_size_limit(1 << 28)


def read_csv_text(text: str, name: str, published: str | None = None) -> Iterator[ReadResult]:
    """One article per row; rows without an id get ``NAME:ROW``."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in [f.strip().lower() for f in reader.fieldnames]:
        yield ReadResult(None, ArticleProblem(name, "E109", "CSV has no 'text' column in its header"))
        return
    for rowno, row in enumerate(reader, 2):
        record = {(k or "").strip().lower(): v for k, v in row.items()}
        if not record.get("id"):
            record["id"] = f"{name}:{rowno}"
        yield article_from_record(record, f"{name}:{rowno}", published)
