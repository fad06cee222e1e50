"""The article topic gate: sports results, markets, company news, weather and culture code nothing.

Such news names countries and uses the verbs of war ("Argentina threatened early", "India picked
up a win against Pakistan", "a storm battered the coast"). The cue table (``data/topics.tsv``) is
data a political scientist can read and edit; this module only counts distinct cues per topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

POLITICAL = "political"


@dataclass(frozen=True)
class TopicVerdict:
    """Why an article is (not) coded: the winning non-political topic and the cue counts."""

    topic: str | None  # the non-political topic that gates the article, or None
    counts: dict[str, int]

    @property
    def gated(self) -> bool:
        return self.topic is not None


@dataclass(frozen=True)
class TopicTable:
    cues: dict[str, str]  # cue (lower case) → topic
    min_cues: int
    min_alone: int  # enough when the article has no political cue at all
    ratio: float
    pattern: re.Pattern[str]

    def verdict(self, text: str) -> TopicVerdict:
        found: dict[str, set[str]] = {}
        for m in self.pattern.finditer(text.lower()):
            cue = m.group(0)
            found.setdefault(self.cues[cue], set()).add(cue)
        counts = {topic: len(cues) for topic, cues in sorted(found.items())}
        political = counts.get(POLITICAL, 0)
        ranked = sorted(((n, t) for t, n in counts.items() if t != POLITICAL), reverse=True)
        if ranked:
            n, topic = ranked[0]
            if (n >= self.min_cues and n >= self.ratio * political) or (n >= self.min_alone and not political):
                return TopicVerdict(topic, counts)
        return TopicVerdict(None, counts)


def parse_topic_table(text: str) -> TopicTable:
    cues: dict[str, str] = {}
    settings = {"min_cues": 3.0, "min_alone": 2.0, "ratio": 2.0}
    for line in text.splitlines():
        if line.startswith("# setting"):
            _, name, value = line[1:].split()[:3]
            settings[name] = float(value)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cue, topic = line.split("\t")[:2]
        cues[cue.strip().lower()] = topic.strip()
    alternatives = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    return TopicTable(cues, int(settings["min_cues"]), int(settings["min_alone"]), settings["ratio"], pattern)


@lru_cache(maxsize=1)
def default_topics() -> TopicTable:
    return parse_topic_table((resources.files("bedfellows") / "data" / "topics.tsv").read_text(encoding="utf-8"))


@lru_cache(maxsize=64)  # asked before the parse (the coder) and after it (the extractor)
def article_topic(text: str) -> TopicVerdict:
    """Whether an article is non-political news (gated), with the cue counts that decided it."""
    return default_topics().verdict(text)
