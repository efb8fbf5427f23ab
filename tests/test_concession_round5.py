"""English concession 2.5.0 (issue 14, round 5): constructions written from the codebook and the tuning parts
only, each with a guard against over-reach. Every positive here fails with concession 2.4.0 (main d4a3384)."""

from functools import cache

import pytest

from framing.lexicons import load_lexicon
from framing.match import find_matches_in_text


@cache
def concession():
    """The built-in concession lexicon, read once for this module (the tests only match with it)."""
    return load_lexicon("concession")


def hits(text: str) -> list[tuple[str, bool]]:
    return [(m["term"], m["negated"]) for m in find_matches_in_text(text, [concession()])]


@pytest.mark.parametrize("text, negated", [
    # hand-over of a region named by its compass point (the object is not in the territory set)
    ("We will not give away the south to anyone.", True),
    ("Critics said the government was ready to surrender the south in secret talks.", False),
    # partition treaties: the treaty as the subject, or a partition agreed in talks
    ("The Dayton accords divided Bosnia into two entities.", False),
    ("The littoral states agreed to divide the seabed into national sectors.", False),
    # the status of a territory left to later talks, named by a pronoun
    ("Ukraine would not retake Crimea by force and would discuss its status for fifteen years.", False),
    ("The sides will negotiate the status of Karabakh later.", False),
    # recognition demanded: "its sovereignty", "the DPR and the LPR"
    ("Moscow's demands include international recognition of its sovereignty over Crimea.", False),
    ("Ukraine cannot or does not want to recognise the sovereignty of the DPR and the LPR.", True),
    # the conventional name of the 1938 treaty is narration, not condemnation
    ("Let them read how the so-called Munich Agreement was signed in 1938.", False),
    # condemnation cues (codebook round 2: the sentence condemns the concession)
    ("The opposition criticised the land for peace proposal.", True),
    ("Several governments warned against a deal that would cede the Donbas.", True),
    # refusals in a refusal cliche and a frozen zone
    ("Ukraine is not a country that sells its land.", True),
    ("We will not allow Donbas to become a frozen zone.", True),
    # wider windows: the territory 10 words from "not a subject for negotiation", talks 20 words from the recovery
    ("He repeated that the new regions are part of Russia and that this is not a subject for negotiation.", True),
    ("He said that the end of the war, the deoccupation of our territories, the exchange and return home of "
     "prisoners and civilians should all be resolved at the negotiating table.", False),
    # a partition in a plan (the plan is the context partition now needs)
    ("The plan amounts to a partition of the country along the river.", False),
])
def test_round5_constructions_are_hits(text, negated):
    found = hits(text)
    assert found, text
    assert all(neg == negated for _, neg in found), (text, found)


@pytest.mark.parametrize("text", [
    # intransitive "give up" (keep fighting) next to a land word in another clause
    "We will continue to defend our own land, we will not give up and we will destroy our enemies.",
    # third-party non-recognition policy (codebook round 2: 0)
    "We thank Ireland for its non-recognition of the annexation of Crimea.",
    # the new constructions without their territorial object
    "The parties agreed to split the costs of the project.",
    "The agreement split the opposition in parliament.",
    "The board will discuss its status as a charity next year.",
    "The company decided to give away the coupons in the south.",
    "The status of the islands' schools was discussed by the regional council.",
    # partition without a treaty, plan, demand or named territory (v2 tune part codes "attempts to partition the country" 0)
    "The most dangerous trend is the attempts to partition the country.",
    # liberation is the battlefield, even with talks near (tried as a recovery-by-talks term and dropped)
    "We negotiate with our partners about the weapons needed to liberate our land.",
    # "sells" without a possessive land
    "The company sells land and houses in the region.",
])
def test_round5_guards_without_territorial_object(text):
    assert hits(text) == [], text


def test_condemned_munich_is_still_negated():
    assert hits("They signed the shameful Munich agreement.") == [("munich agreement", True)]


def test_refused_annexation_is_still_a_negated_hit():
    assert hits("Kyiv will never agree to the recognition of the annexation of Crimea.") == [
        ("recognition of the annexation of", True)]
