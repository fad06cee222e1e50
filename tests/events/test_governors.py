"""The governor × complement table (data/governors.tsv): what a governing word does with the act
under it. Sentences are our own; each case can fail (a required event missing or a wrong code coded).
"""

from __future__ import annotations

import pytest

from bedfellows import code_text
from bedfellows.events.lexicon import GovernorTable, load_lexicon


def test_table_is_loaded_from_data() -> None:
    table = load_lexicon().governors
    assert table.outcome("agree", "intend", "0873", "lay") == "act"
    assert table.outcome("agree", "intend", "0871", "end") == "agreement"
    assert table.outcome("agree", "intend", "163", "impose") == "act"
    # a governor with no row of its own takes its class's
    assert table.outcome("vow", "intend", "190", "attack") == "threat"
    assert table.outcome("pledge", "intend", "070", "send") == "intent"
    # offers and invitations are never threats
    assert table.outcome("offer", "intend", "150", "send") == "030"
    assert table.outcome("invite", "intend", "040", "join") == "030"
    # no act under the governor: only rows for its complement verb or object apply
    assert table.outcome("ready", "intend", None, "face") == "posture"
    assert table.outcome("vow", "intend", None, "block") == "reject"
    assert table.outcome("threaten", "threaten", None, None, "life") == "nothing"
    assert table.outcome("threaten", "threaten", None, None, "embassy") is None


def test_lookup_order() -> None:
    table = GovernorTable(
        {
            ("plan", "summon"): "036",
            ("@intend", "11"): "threat",
            ("@intend", "*"): "governor",
            ("plan", "111"): "nothing",
        }
    )
    assert table.outcome("plan", "intend", "111", "summon") == "036"  # the lemma beats the code
    assert table.outcome("plan", "intend", "111", "condemn") == "nothing"  # own rows beat the class
    assert table.outcome("vow", "intend", "111", "condemn") == "threat"  # the class, by root
    assert table.outcome("vow", "intend", "042", "visit") == "governor"
    assert table.outcome("vow", None, "042", "visit") is None


def _coded(text: str) -> list[tuple[str, str, str]]:
    events = code_text(text, published="2024-05-06")
    return [(e.source.code if e.source else "-", e.target.code if e.target else "-", e.cameo) for e in events]


CASES = [
    # the agreement is the act: a truce agreed between two sides is concluded (057), each towards the other
    (
        "The Sudanese government and the rebels agreed to a cessation of hostilities.",
        [("SDNGOV", "SDNREB", "057"), ("SDNREB", "SDNGOV", "057")],
        ["03", "13"],
    ),
    (
        "Chad and Sudan agreed to end hostilities along their border.",
        [("TCD", "SDN", "057"), ("SDN", "TCD", "057")],
        ["03"],
    ),
    ("Rebels in Colombia agreed to lay down their weapons.", [("COLREB", "COL", "0873")], ["035"]),
    ("The European Union agreed to impose sanctions on Belarus.", [("IGOEUR", "BLR", "163")], ["13"]),
    # other agreements to yield stay intents
    ("Egypt agreed to lift the embargo on Libya.", [("EGY", "LBY", "035")], ["085"]),
    # readiness to defend is a show of force, not support or an intent to cooperate
    (
        "Armenia said its troops were prepared to defend the border with Azerbaijan.",
        [("ARM", "*", "150")],
        ["03", "05"],
    ),
    ("The Iraqi defence ministry said it is ready to face any threat from Iran.", [("IRQ", "*", "150")], ["03"]),
    # determination to fight is a threat; the adjective's subject is the one who is determined
    (
        "The Ethiopian rebels were determined to renew the war against the government.",
        [("ETHREB", "ETHGOV", "138")],
        ["03"],
    ),
    # a vow to block is a rejection
    ("Hungary vowed to block the talks with Ukraine.", [("HUN", "UKR", "12")], ["03", "13"]),
    # an invitation to join is an offer to the invitee
    ("Lebanese officials invited Syria to join the talks.", [("LBN", "SYR", "030")], ["13"]),
    # endangering lives is no threat; the statement's criticism stands
    ("Britain said Russia was culpable for threatening the lives of British citizens.", [("GBR", "RUS", "11")], ["13"]),
    # a planned summons is an intent to meet, not a threat
    ("Japan plans to summon the Chinese ambassador on Monday.", [("JPN", "CHN", "036")], ["13", "111"]),
    # unchanged by the table: vows of violence are threats, offers of troops offers
    ("Iran vowed to retaliate against Israel.", [("IRN", "ISR", "138")], ["03"]),
    ("Brazil offered to send troops to Haiti.", [("BRA", "*", "030")], ["13"]),
]


@pytest.mark.model
@pytest.mark.parametrize("text,required,forbidden", CASES, ids=[c[0][:50] for c in CASES])
def test_governed(text: str, required: list[tuple[str, str, str]], forbidden: list[str]) -> None:
    got = _coded(text)
    for src, tgt, code in required:
        assert any(
            (src == "*" or g[0].startswith(src)) and (tgt == "*" or g[1].startswith(tgt)) and g[2].startswith(code)
            for g in got
        ), f"missing {src}->{tgt} {code} in {got}"
    assert not [g for g in got if any(g[2].startswith(f) for f in forbidden)], f"forbidden code coded: {got}"
