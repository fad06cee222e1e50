"""CSV articles: a header row with a ``text`` column (``id``, ``published``... optional)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..records import ArticleProblem
from .readers import ByteSource, ReadResult, _with_warning, article_from_record, decode_bytes, iter_lines

csv.field_size_limit(1 << 28)


def read_csv_text(text: str, name: str, published: str | None = None) -> Iterator[ReadResult]:
    """One article per row of a CSV text; rows without an id get ``NAME:ROW``."""
    yield from read_csv_lines(io.BytesIO(text.encode("utf-8", "surrogatepass")), name, published)


def read_csv_lines(fh: ByteSource, name: str, published: str | None = None) -> Iterator[ReadResult]:
    """One article per row, streamed; each physical line is decoded on its own.

    A line that cannot be decoded, or a row the csv module rejects, is one problem
    naming the file and line; the other rows are read.
    """
    problems: list[ArticleProblem] = []  # found while decoding, reported before the next row
    warnings: list[ArticleProblem] = []  # fallback decodings of the current row's lines

    def lines() -> Iterator[str]:
        for lineno, raw in iter_lines(fh):
            label = f"{name}:{lineno}"
            if raw is None:
                problems.append(ArticleProblem(label, "E105", "line is too long; skipped"))
                continue
            text, problem = decode_bytes(raw, label)
            if text is None:
                assert problem is not None
                problems.append(problem)
                continue
            if problem is not None:
                warnings.append(problem)
            yield text + "\n"

    reader = csv.DictReader(lines())
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        yield ReadResult(None, ArticleProblem(name, "E109", f"CSV header unreadable: {exc}"))
        return
    yield from (ReadResult(None, p) for p in problems)
    problems.clear()
    if not fieldnames or "text" not in [f.strip().lower() for f in fieldnames]:
        yield ReadResult(None, ArticleProblem(name, "E109", "CSV has no 'text' column in its header"))
        return
    warnings.clear()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield ReadResult(None, ArticleProblem(f"{name}:{reader.line_num}", "E101", f"malformed CSV row: {exc}"))
            continue
        finally:
            yield from (ReadResult(None, p) for p in problems)
            problems.clear()
        rowno = reader.line_num
        record = {(k or "").strip().lower(): v for k, v in row.items()}
        if not record.get("id"):
            record["id"] = f"{name}:{rowno}"
        warning = warnings[0] if warnings else None
        warnings.clear()
        yield _with_warning(article_from_record(record, f"{name}:{rowno}", published), warning)
