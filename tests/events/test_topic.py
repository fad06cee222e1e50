"""News that is not political codes nothing: the topic gate and the coder together (issue: at most
1 event per 10 non-political articles). nonpolitical.jsonl is the development set of the cue table;
nonpolitical-check.jsonl was written after the table and never tuned on."""

import json
from pathlib import Path

import pytest

from bedfellows import code_text
from bedfellows.events.topic import article_topic, parse_topic_table

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize("name", ["nonpolitical.jsonl", "nonpolitical-check.jsonl"])
def test_non_political_articles_code_at_most_one_event_in_ten(name: str) -> None:
    articles = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]
    events = [e for a in articles for e in code_text(a["text"], published=a["published"])]
    assert len(events) * 10 <= len(articles), [(e.source, e.cameo, e.sentence) for e in events]


def test_a_match_report_is_gated_and_a_war_report_is_not() -> None:
    sports = article_topic("Brazil beat Argentina 3-0 in the final. The striker scored in the 10th minute.")
    assert sports.gated and sports.topic == "sports"
    war = article_topic("Russian troops shelled the town, the ministry said. The army killed 12 soldiers.")
    assert not war.gated


def test_political_cues_outweigh_a_stray_sports_word() -> None:
    text = "Britain cut ties with Russia and boycotted the World Cup, the prime minister told parliament."
    assert not article_topic(text).gated


def test_the_table_is_data_with_settings() -> None:
    table = parse_topic_table("# setting\tmin_cues\t1\n# setting\tratio\t2\nstorm\tweather\narmy\tpolitical\n")
    assert table.min_cues == 1 and table.ratio == 2
    assert table.verdict("A storm hit.").topic == "weather"
    assert not table.verdict("The army helped after the storm.").gated  # 1 weather cue < 2 x 1 political
