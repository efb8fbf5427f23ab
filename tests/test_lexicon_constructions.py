"""What the rebuilt concession, hedging and hedged_claim lexicons hit (issue 14), on codebook-style examples."""

import re
from functools import cache

import pytest

from framing.corpus import load_corpus
from framing.lexicons import load_lexicon
from framing.match import find_matches, find_matches_in_text


@cache
def lexicon(name):
    """A built-in lexicon, read once for this module (the tests only match with it)."""
    return load_lexicon(name)


def hits(text, name):
    return [(m["term"], m["negated"]) for m in find_matches_in_text(text, [lexicon(name)])]


def assert_concession_hit(text: str, negated: bool) -> None:
    """``text`` has a concession hit, and one of its hits has the expected negation."""
    found = hits(text, "concession")
    assert found, text
    assert any(neg == negated for _, neg in found), (text, found)


@pytest.mark.parametrize("text, negated", [
    ("Ukraine would have to cede the Donbas.", False),
    ("Ukraine will never give up Crimea.", True),
    ("Kyiv could get back the other part of its territory diplomatically.", False),
    ("We will restore our territorial integrity through dialogue.", False),
    ("Both sides agreed to hold negotiations on the status of Crimea within 15 years.", False),
    ("A first step would be the withdrawal of troops to the lines of February 24.", False),
    ("The delegations should take into account the existing realities in the negotiations.", False),
    ("Our territorial integrity is not up for negotiation.", True),
    ("They condemned the land for peace deal.", True),
    ("The pact divided the territories of Poland between them.", False),
    ("Moscow wants Kyiv to recognise Crimea as Russian.", False),
])
def test_concession_constructions_are_hits(text, negated):
    assert_concession_hit(text, negated)


@pytest.mark.parametrize("text", [
    "Russian troops advanced near Pokrovsk.",
    "Ukrainian forces liberated Kherson.",
    "The regional government decided to cede governance of the schools.",
    "The existing realities of the car industry demand new tools.",
    "They asked for concessions on sanctions and gas prices.",
    "Life in the occupied city of Melitopol is hard.",
    "First of all, the law on the special status of Donbass must be passed.",
])
def test_concession_words_without_their_object_are_not_hits(text):
    assert hits(text, "concession") == []


# concession 2.1.0: constructions of the codebook the 2.0.0 lexicon missed, and refusal cues
@pytest.mark.parametrize("text, negated", [
    ("We will not trade our territory.", True),  # the codebook's own refusal example
    ("Ceding territory is out of the question.", True),
    ("Ukraine will not make any concessions that could undermine our struggle for territorial integrity.", True),
    ("We conducted border talks for forty years and managed to find a compromise.", False),
    ("In 1954 it was decided to transfer Crimea to Ukraine.", False),
    ("Then Donbass was given to Ukraine.", False),
    ("Let them see how the Munich Agreement was signed in 1938.", False),
    ("The Molotov–Ribbentrop Pact was signed in August 1939.", False),
    # a demand that the issues be settled, not a refusal of a concession (2.3.0: "without settling" does not negate;
    # coded so in concession_corpus_tune.csv)
    ("We cannot sign a document without settling the territorial issues of Crimea.", False),
    ("The parties agreed to leave the Crimean issue to bilateral negotiations.", False),
    ("A cease-fire along the line of contact was agreed.", False),
    ("The West will never legitimise the annexation of Crimea.", True),
    ("Our territorial integrity is non-negotiable.", True),
    ("They laid claim to their part of the “prey” during the partitioning of Czechoslovak territory.", True),
    ("He denied that Ukraine would cede Crimea.", True),
    ("Moscow demands that Kyiv recognise Crimea as Russian.", False),
    ("Ukraine will not concede territory.", True),
    ("We will not give a single inch.", True),
    ("There will be no peace at the expense of our territorial integrity.", True),
    ("The two countries divided the disputed area in half under the treaty.", False),
    ("Any agreement would freeze the situation in Donbass.", False),
    ("The secret protocols of the 1939 pact divided Eastern Europe into spheres of influence.", False),
    ("The 1956 Declaration mentions two islands.", False),
    ("The goal is to ensure Kiev's recognition of the republics.", False),
    ("The position on the status of Crimea was offered to be fixed as a separate item.", False),
])
def test_concession_constructions_of_version_2_1(text, negated):
    assert_concession_hit(text, negated)


# concession 2.3.0: constructions written on the tuning-only set concession_corpus_tune.csv (constructed sentences)
@pytest.mark.parametrize("text, negated", [
    ("Ukraine will not give away a single centimetre of our territory.", True),
    ("We can no longer give away any part of our land.", True),
    ("We will not give up anything Ukrainian.", True),
    ("No one will force us to give up our freedom, our independence, our sovereignty.", True),
    ("Millions live in the territory they propose to exchange for the illusion of peace.", True),
    ("We will not agree to a frozen conflict.", True),
    ("The ceasefire does not mean that Russian troops can stay where they are.", True),
    ("The security guarantees will not apply to Crimea, Sevastopol and Donbass.", False),
    ("Everyone should recognise the will of the people who live in Crimea.", False),
    ("Ukraine does not want to recognise the sovereignty of the DPR and the LPR.", True),
    ("But we can discuss with Russia the future of Crimea and Donbas.", False),
    ("Ukraine wants new negotiations with the Russian Federation on ending the war and restoring Ukraine's territorial integrity.", False),
    ("A new subgroup will work to return control over the state border to Ukraine.", False),
    ("Ukraine expects an agreement on ending the aggression against our state and withdrawing Russian troops from Ukrainian territory.", False),
    ("The topic of the de-occupation of Crimea will be raised in 10-15 years.", False),
    ("Repelling the war to the point where it began on February 24 is a victory.", False),
    ("Kiev was offered to simply withdraw its troops from Donbass.", False),
    ("These territories were transferred along with the population.", False),
    ("Kiev is disregarding all opportunities for a peaceful restoration of the country's territorial integrity.", True),
    ("Europe is forcing Ukraine to make territorial concessions.", True),
])
def test_concession_constructions_of_version_2_3(text, negated):
    assert_concession_hit(text, negated)


# concession 2.4.0: constructions written on the tuning-only synthetic set concession_synthetic_tune.csv
# (constructed sentences, not copied from it)
@pytest.mark.parametrize("text, negated", [
    ("The draft says Russia would keep the territories it already holds.", False),
    ("Kyiv may settle for the land it still controls.", False),
    ("The deal leaves the southern regions under Russian control for now and is a compromise.", False),
    ("The plan would leave the occupied territories under Russian administration.", False),
    ("The mediators would accept de facto Russian rule there.", False),
    ("Any deal that leaves our people under occupation is a dead end.", False),
    ("The talks left two districts outside Kyiv's control.", False),
    ("Several capitals could accept a settlement short of full liberation.", False),
    ("Guarantees would cover the territory Kyiv currently controls.", False),
    ("The Baltic states will never lose territory in negotiations.", True),
    ("Washington might accept the current front line as a starting point.", False),
    ("A truce on the current lines was proposed.", False),
    ("The proposal freezes the lines as they stand.", False),
    ("Under the deal the front line would become a de facto border.", False),
    ("The armistice stops the fighting where the troops stand.", False),
    ("The memo proposes a frozen front line.", False),
    ("Moscow insists on Kyiv's troops leaving: Ukraine must withdraw its forces from Donetsk region.", False),
    ("He said Ukraine should drop its claims to the peninsula.", False),
    ("The treaty transferred the province to Poland.", False),
    ("The islands are to be returned to Japan after the treaty is signed.", False),
    ("Nobody will sacrifice a single village for a truce.", True),
    ("We will not give up one town.", True),
    ("Such a peace would reward Moscow with Ukrainian territory.", False),
    ("The plan hands Russia the land it took.", False),
    ("They propose to trade Crimea for a ceasefire.", False),
    ("He urged Kyiv to swap occupied land for a durable peace.", False),
    ("Kyiv could get its territories back through diplomacy: the territories will return through talks.", False),
    ("The recovery of the occupied territories is a matter for negotiations.", False),
    ("The status of the peninsula is left to later talks.", False),
    ("Any agreement must take into account the situation on the ground.", False),
    ("Putin wants talks only if Kyiv recognises the four regions as part of Russia.", False),
    ("The summit allowed Hitler to annex the Sudetenland.", False),
    ("The two dictators divided the region into spheres of influence.", False),
    ("We will not agree to the division of our state.", True),
    ("Giving up Donbas is treason.", True),
    ("The minister dismissed the plan to cede the Donbas.", True),
    ("The opposition accused the cabinet of planning to give away land.", True),
    # second synthetic batch (official-speech register)
    ("Moscow has no intention of handing the Kurils to Tokyo.", True),
    ("The Soviet side offered to return two of the four islands.", False),
    ("The Crimean region was transferred to the Ukrainian republic in 1954.", False),
    ("Alaska was sold to America.", False),
    ("The two countries agreed to divide the disputed area of the shelf.", False),
    ("The return of the districts to Azerbaijan was to come first.", False),
    ("Tbilisi will seek the return of Abkhazia by peaceful means.", False),
    ("The districts would come back under Kyiv's authority after elections under the Minsk agreements.", False),
    ("Our partners will have to accept this reality in any future agreement on Crimea.", False),
    ("Crimea's status is closed for discussion.", True),
    ("As for the islands, the question is closed.", True),
    ("Our land will never be a subject of trade.", True),
    ("Would they cede the eastern regions if that were the price of peace?", False),
    ("The recognition of Abkhazia was set as a condition of a settlement.", False),
    # third synthetic batch (press-release register)
    ("Not a single metre of our land will be given to the aggressor.", True),
    ("Moscow insists on the withdrawal of Ukrainian troops from the whole of Donbas.", False),
    ("If Kiev withdraws its forces from the four regions, talks can start.", False),
    ("These regions cannot be the subject of any bargaining.", True),
    ("The question of Crimea is closed.", True),
    ("The signature would give legitimacy to the annexation.", False),
    ("They will never recognise these territories as Russian.", True),
    ("Any freezing of the war would suit Moscow.", False),
    ("A truce along the current line was discussed.", False),
    ("The sides proposed to fix the line of contact and pull back weapons.", False),
    ("The contact line would serve as the border until a final settlement.", False),
    ("In 1991 Moscow accepted the new borders and left the issue of Crimea aside.", False),
    ("We will return all our lands, some through diplomacy.", False),
    ("The territories will have to be returned through negotiations.", False),
    ("Tokyo wants the islands returned under a peace treaty.", False),
    ("Japan has not given up hope of getting the islands back through a treaty.", False),
    # fourth synthetic batch
    ("A handover of the islands to Japan is out of the question.", True),  # after_window 8
    ("Parliament voted to bar any vote on ceding territory.", True),
    ("The deal would let Russia retain control of the areas it has occupied.", False),
    ("Ukraine will never bargain over its sovereignty.", True),
    ("Kyiv will not recognise the occupation.", True),
    ("Kyiv cannot recognise it.", True),  # the negator inside the term: a refusal by itself (was never negated)
    ("The sides would respect the line of control as it existed at signing.", False),
    ("The armistice left Korea divided.", False),
    ("The states divided the contested waters under an agreement.", False),
    ("A ceasefire would mean accepting Russian rule in the south.", False),
    ("He would rather fight than hand Russia a single town.", False),
])
def test_concession_constructions_of_version_2_4(text, negated):
    assert_concession_hit(text, negated)


@pytest.mark.parametrize("text", [
    "Ukraine recognised the diplomas issued in the occupied territories.",  # "Ukraine recognised" needs an annexation word
    "The partition wall of the shelter collapsed.",
    "Residents of territories under Russian occupation lack water.",  # plain description
    "The children returned to Ukraine from the occupied territories.",
    "Russian troops hold the territory they captured near Bakhmut.",  # no settlement or keeping word
    "The front line is frozen by the winter mud.",  # no settlement word near
    "Not a single metre was lost this week.",  # a battlefield report: no transfer verb near
    "The partition of the property was settled in court.",
])
def test_concession_2_4_leaves_these_out(text):
    assert hits(text, "concession") == []


@pytest.mark.parametrize("text", [
    "A dialogue on the status of Donbass as part of post-conflict Ukraine was to start.",  # special status inside Ukraine
    "Russia decided yesterday to recognise the sovereignty of the two people's republics.",  # one-sided recognition
    "We will discuss the future of the Crimean peninsula at all levels of the Platform.",
    "Russian troops were forced to withdraw from our land.",
])
def test_concession_2_3_leaves_these_out(text):
    assert hits(text, "concession") == []


@pytest.mark.parametrize("text", [
    "And my government was the first government to recognise Crimea as part of Russia.",  # third party, no settlement
    "The ports of Kherson and Olvia will be transferred to concession.",
    "Part of the armed forces deployed in the industrial districts have surrendered.",
    "The Donbass issue had to be resolved through peace talks.",  # the conflict, not territory
    "Russia transferred troops to Crimea.",
    "I believe we should recognise Lugansk and Donbass.",  # one-sided recognition, no settlement: codebook 0
    "No one would recognise the annexation of Crimea.",  # third-party non-recognition: codebook round 2, 0
    # the third-party policy of non-recognition: codebook round 2, 0 (a negated hit up to 2.4.0; c0847 of the corpus tuning set is coded 0)
    "Ireland supports the non-recognition of the annexation of Crimea.",
])
def test_concession_2_1_leaves_these_out(text):
    assert hits(text, "concession") == []


@pytest.mark.parametrize("text", [
    "I would like to thank our partners.", "We would also like to stress this.", "What would I like to add?",
    "She would later sell the lands.", "Moscow warned that it would face sanctions.",
    "He said that they would send aid.", "The chief suspect was arrested.", "He ran as if he were late.",
    "I would be glad to see you.", "They could not attend.",
])
def test_hedging_skips_courtesy_narration_and_nouns(text):
    assert hits(text, "hedging") == []


@pytest.mark.parametrize("text", ["It would be better to wait.", "Talks may resume.", "If this is true, it matters.",
                                  "The plan could fail."])
def test_hedging_keeps_hypothetical_modals_and_conditions(text):
    assert hits(text, "hedging")


# hedging 2.2.0: narrative and reported-future "would" are not hits; counterfactual and evaluative ones are
@pytest.mark.parametrize("text, expected", [
    ("The character would heavily influence later comedies.", []),
    ("Officials said the new government would have to resign.", ["officials said"]),
    ("The company announced on Monday that its chief would be replaced.", []),
    ("He assumed command of the corps in July.", []),
    ("Sales were higher than expected.", []),
    ("It was built so that they could see the river.", []),
    ("Gore would have won the election.", ["would have"]),
    ("It would be better to wait.", ["it would be"]),
    ("If they came, we would win.", ["if"]),
])
def test_hedging_2_2_would_and_other_news_false_hits(text, expected):
    assert [term for term, _ in hits(text, "hedging")] == expected


def test_no_courtesy_would_like_in_the_press_releases():
    docs = load_corpus("press-releases")
    m = find_matches(docs, [load_lexicon("hedging")]).merge(docs[["doc_id", "text"]], on="doc_id")
    after = [t[e:e + 30] for t, e in zip(m["text"], m["end"])]
    courtesy = [a for w, a in zip(m["matched_text"], after)
                if w.lower() == "would" and re.match(r"\s*(?:(?!be\b)\w+\s+)?(?:like|love)\b", a, re.IGNORECASE)]
    assert courtesy == []


@pytest.mark.parametrize("text, hedged", [
    ("I think the talks will resume.", True), ("A compromise could be found here.", True),
    ("Kyiv is reportedly open to talks.", True), ("I believe we will win.", False),
    ("If we want peace, we should talk.", False), ("I would like to thank you.", False),
    ("No one would recognise the annexation.", False),
])
def test_hedged_claim_is_the_stricter_construct(text, hedged):
    assert bool(hits(text, "hedged_claim")) is hedged


@pytest.mark.parametrize("text, hedged", [
    ("Relations have reached, I would even say, an unprecedented level.", False),
    ("Why would we be concerned about our closest neighbour?", False),
    ("Fish that could have been processed here comes on shore frozen.", False),
    ("Russia must withdraw its troops, which will be an important signal of de-escalation.", False),
    ("However difficult it may be, we must restrict trade.", False), ("Be that as it may, we will defend our land.", False),
    ("We implemented the May executive orders.", False), ("Settlement is possible only if everybody returns to Minsk.", False),
    ("They prepared for a possible escalation.", True), ("The deal could collapse.", True),
    ("Would you be willing to accept it if they withdraw?", True), ("Would you say it was a success?", False),
])
def test_hedged_claim_1_1_codebook_exclusions(text, hedged):
    assert bool(hits(text, "hedged_claim")) is hedged


@pytest.mark.parametrize("text", ["He is often regarded as the founder.", "Smith, considered one of the best players, left.",
                                  "It is regarded by some as a myth.", "One possible reason is the climate.",
                                  "He was accused of fraud."])
def test_hedging_2_1_shields_and_allegations(text):
    assert hits(text, "hedging")


def test_hedging_2_1_skips_the_month_after_the():
    assert hits("We implemented the May executive orders.", "hedging") == []
