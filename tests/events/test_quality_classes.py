"""Classes of news sentences the quality work of issue 3 fixed, in our own words, through the real model.

Each case: events that must be coded (source prefix, target prefix, "*" for any, "-" for none;
CAMEO code prefix) and code prefixes that must not appear.
"""

from __future__ import annotations

import pytest

from bedfellows import code_text

pytestmark = pytest.mark.model

# Real-news policy (CONVENTIONS): an act whose root needs a receiver is coded only when the sentence
# or the article names one; "declined to comment", "conceded to the demands of the miners" alone are not.
CASES = [
    # statements stand without a target: concern, optimism, condolences, claims of responsibility
    ("Germany's foreign minister expressed concern on Monday about the fighting.", [("DEU", "*", "012")], []),
    ("Hamas claimed responsibility for the rocket attack.", [("PSE", "*", "015")], []),
    # "declined to comment" is CAMEO 011, not a rejection
    ("The French defence ministry declined to comment on the report.", [], ["12", "011"]),
    # considering a policy is CAMEO 014 (the manual's example), not an intent
    ("Canada is considering sending aid to Haiti.", [("CAN", "*", "014")], ["03", "07"]),
    # a declared ceasefire needs no named target
    ("Colombia's government declared a ceasefire on Sunday.", [("COL", "*", "0871")], []),
    # talks that fail are a mutual rejection, not an agreement
    ("Serbia and Kosovo failed to reach agreement on Tuesday.", [("SRB", "K", "12"), ("K", "SRB", "12")], ["05"]),
    # an act its doer claims is a reported act, coded as the act (CONVENTIONS); a claim about another is not
    ("The Houthis claimed that they had attacked a Saudi oil facility.", [("YEM", "SAU", "19")], []),
    ("Loyalist forces in Yemen claim to have retaken the airport from the Houthis.", [("YEM", "YEM", "19")], []),
    ("The Houthis claimed that Saudi jets had attacked a market.", [], ["19"]),
    # an issued text that calls on someone is an appeal by its author, not a claim
    ("The European Parliament issued a report that calls on Hungary to reform its courts.", [("IGO", "HUN", "02")], []),
    # what an of-phrase names decides the sense: deliveries of aid, a state of emergency
    ("Japan suspended deliveries of food aid to Myanmar.", [("JPN", "MMR", "162")], []),
    ("Peru's president declared a state of emergency in Lima.", [("PER", "*", "1724")], []),
    ("Workers at the Chilean copper mine stopped work on Monday.", [("CHL", "*", "143")], []),
    ("Russia reinforced its troops near the border with Ukraine.", [("RUS", "*", "154")], []),
    ("The United States reduced military aid to Egypt.", [("USA", "EGY", "162")], []),
    # an act held over someone with "unless" is a threat, not an intent
    (
        "Ghana said it will withdraw its peacekeepers from Mali unless the junta holds elections.",
        [("GHA", "*", "13")],
        ["03"],
    ),
    # arrests in the passive with no 'by': the authorities of the country where they happen
    ("A French aid worker was arrested in Niger on Friday.", [("NER", "FRA", "173")], []),
    # violence whose subject is the weapon: the country where it happened
    ("A roadside bomb near Kandahar killed two Canadian soldiers.", [("AFG", "CAN", "19")], []),
    # a protest with no one named is aimed at the protesters' own government
    ("Kenyan teachers began a hunger strike on Monday.", [("KEN", "KENGOV", "142")], []),
    ("Thousands of Chileans demonstrated in Santiago on Sunday.", [("CHL", "CHLGOV", "141")], []),
    # a demand's addressee is the subject of what is demanded, not someone named deeper
    ("Britain demanded that Iran end its attacks against Israel.", [("GBR", "IRN", "10")], []),
    # an event noun's of-phrase names the target
    ("Turkey launched an invasion of northern Syria.", [("TUR", "SYR", "19")], []),
    ("Britain mobilised troops for a possible war against Iraq.", [("GBR", "IRQ", "154")], []),
    # fighting a disease is no fight; peacekeepers sent are peacekeeping; going on strike is a strike
    ("Norway gave 50 million dollars to fight the cholera epidemic in Yemen.", [], ["19"]),
    ("Ireland sent 300 soldiers to the UN peacekeeping mission in Lebanon.", [("IRL", "*", "074")], ["15"]),
    ("Nurses in Portugal went on strike on Monday.", [("PRT", "PRT", "143")], ["04"]),
    ("Qatar launched a mediation effort between Sudan and Chad.", [("QAT", "*", "045")], ["02"]),
    # an offer of troops is an offer, not a threat; a refusal held "until" someone acts targets them
    ("Brazil offered to send troops to Haiti.", [("BRA", "*", "03")], ["13"]),
    # a quantity's of-phrase is the object; investigations stand without a target
    ("Sweden suspended part of its development aid to Uganda.", [("SWE", "UGA", "162")], []),
    ("Police in Nairobi launched an investigation into the shooting.", [("KEN", "*", "09")], []),
    ("The Egyptian government relaxed the curfew in Cairo.", [("EGY", "*", "0813")], []),
    # a decision to act reports the act; allowing aid in is 0863; a refusal stands without a target
    ("Japan decided on Friday to lift its sanctions on Iran.", [("JPN", "IRN", "085")], ["03"]),
    ("The Ethiopian government allowed aid convoys into Tigray.", [("ETH", "ETH", "0863")], []),
    ("The Hungarian government said it will not lift the ban on Serbian trucks.", [("HUN", "SRB", "12")], ["08"]),
    ("The Hungarian government said it will not lift the ban.", [], ["08", "12"]),
    # "pushed for" is an appeal; a passive arrest of someone unnamed in the dictionary still has its doer
    ("The Mexican president pushed for reforms of the judiciary.", [("MEX", "-", "02")], []),
    ("Two journalists were arrested in Rwanda on Friday.", [("RWA", "*", "173")], []),
    # purpose clauses: whom a summons complains to, whom firing aims at
    ("Ghana summoned Togo's ambassador to complain about the border closure.", [("GHA", "TGO", "11")], []),
    ("Kenyan police opened fire to disperse Somali refugees.", [("KEN", "SOM", "19")], []),
    ("Soldiers beat up Bolivian protesters in La Paz.", [("*", "BOL", "182")], ["13"]),
    ("Estonia announced a suspension of rail links with Russia.", [("EST", "RUS", "16")], []),
    # yielding to demands; forcing people out is expulsion; troops on alert need no target
    ("The Serbian government conceded to the demands of the striking miners.", [], ["08"]),
    ("The Burmese junta forced aid workers out of Rakhine.", [("MMR", "*", "166")], []),
    ("Indian troops remained on alert along the border.", [("IND", "*", "15")], []),
    ("The Red Cross provided food aid to thousands of families in Yemen.", [("*", "YEM", "07")], []),
    ("Finnish dockers stopped work on Tuesday in a strike complaining of pay cuts.", [("FIN", "*", "143")], []),
    # a threat is held over the actor of its condition
    ("Morocco threatened to close its border if Algeria armed the rebels.", [("MAR", "DZA", "13")], []),
    ("The Iraqi government threatened to institute a curfew in Basra.", [("IRQ", "IRQ", "13")], []),
    # what a protest demands is its content, not a second event
    ("Chilean students staged mass demonstrations to demand free education.", [("CHL", "*", "14")], ["10"]),
    # approving or authorising an act reports it; what a release or shipment carries decides its kind
    ("The Japanese cabinet approved the deployment of troops to South Sudan.", [("JPN", "*", "15")], []),
    ("Washington authorized the release of 300 million dollars in aid to Jordan.", [("USA", "*", "07")], []),
    # withdrawing peacekeepers or inspectors reduces involvement (166x); announcing it is a threat
    ("Fiji withdrew its peacekeepers from the Golan Heights.", [("FJI", "*", "1661")], ["08"]),
    ("The IAEA said it will withdraw its inspectors from Iran.", [("IGO", "IRN", "13")], ["03"]),
    # expelled "from X" in the passive: X expelled them
    ("Two American journalists were expelled from Russia on Monday.", [("RUS", "USA", "166")], []),
    # stated readiness is an intent to cooperate; laying down arms is demobilisation
    ("Italian officials said they are committed to opening the market to Chinese firms.", [("ITA", "CHN", "03")], []),
    ("The ELN said it will lay down its arms next year.", [], ["08"]),
    ("Nepali troops arrived in Lebanon to join the UN peacekeeping force.", [("NPL", "*", "074")], ["04"]),
    # stopping military operations de-escalates (0871); calling off a labour strike does not
    ("The Syrian army said it had ceased its military operations near Damascus.", [("SYR", "*", "087")], ["19"]),
    # material acts with no one named are done to the country where they happen
    ("Dutch peacekeepers arrived in Cyprus on Monday.", [("NLD", "CYP", "074")], []),
    ("Ottawa said it will not lift the sanctions until Moscow releases the journalist.", [("CAN", "RUS", "12")], []),
]


@pytest.mark.parametrize(("text", "required", "forbidden"), CASES, ids=[c[0][:40] for c in CASES])
def test_class(text: str, required: list[tuple[str, str, str]], forbidden: list[str]) -> None:
    events = code_text(text, published="2024-05-06")
    got = [(e.source.code if e.source else "-", e.target.code if e.target else "-", e.cameo) for e in events]
    for src, tgt, code in required:
        assert any(
            (src == "*" or g[0].startswith(src)) and (tgt == "*" or g[1].startswith(tgt)) and g[2].startswith(code)
            for g in got
        ), f"missing {src}->{tgt} {code} in {got}"
    assert not [g for g in got if any(g[2].startswith(f) for f in forbidden)], f"forbidden code coded: {got}"
