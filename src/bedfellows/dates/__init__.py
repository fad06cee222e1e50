"""Event dates: find time expressions, attach them to triggers, resolve against publication."""

from __future__ import annotations

from .expressions import TimeExpression, find_time_expressions
from .resolve import DateResolution, published_date, resolve_event_date, resolve_expression

__all__ = [
    "DateResolution",
    "TimeExpression",
    "find_time_expressions",
    "published_date",
    "resolve_event_date",
    "resolve_expression",
]
