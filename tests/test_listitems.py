"""Items of adopted-document lists (ANNOTATION.md v2), table-driven over
sentences written for these tests. Each case: the text, and the item texts
the list parser must give, in order."""

from __future__ import annotations

import pytest

from kzextract.listitems import ListGrammar
from kzextract.pipeline import build_pipeline
from kzextract.ruleset import load_rules
from kzextract.components.matching import TokenArrays, token_texts

CASES = [
    # a report is never an item; a decision "On the report …" is
    (
        "The heads of state approved the following documents:\n\n"
        "Report of the Secretary-General on the activities of the Union over the past year;\n\n"
        "On the report on the implementation of the Steppe Declaration;\n\n"
        "Regulations on the Steppe Youth Council.\n\nThe talks went on.",
        ["On the report on the implementation of the Steppe Declaration", "Regulations on the Steppe Youth Council"],
    ),
    # "the results of the summit include:" introduces what it adopted
    (
        "The main results of the summit include:\n"
        "- the Steppe Declaration of the Council of Heads of State;\n"
        "- the decision on the chairmanship of the Republic of Tuva in the Steppe Union in 2031-2032.\n\nThe talks went on.",
        ["Steppe Declaration of the Council of Heads of State", "decision on the chairmanship of the Republic of Tuva in the Steppe Union in 2031-2032"],
    ),
    # a comma and a word that cannot go on a title end the item
    (
        "The heads of state adopted the following documents:\n"
        "1. Concept of Steppe Tourism Development until 2040;\n"
        "2. Agreement on the mutual recognition of hunting licences, signed by the heads of six states.\n\nThe talks went on.",
        ["Concept of Steppe Tourism Development until 2040", "Agreement on the mutual recognition of hunting licences"],
    ),
    # "updated", like "draft", stays outside the item
    (
        "The ministers adopted the following documents:\n"
        "1. the updated Catalogue of Steppe Confidence Building Measures;\n"
        "2. Statements on cooperation in water security.\n\nThe talks went on.",
        ["Catalogue of Steppe Confidence Building Measures", "Statements on cooperation in water security"],
    ),
    # "Among them are …" after a sentence that adopts documents
    (
        "Following the summit, the leaders signed and approved 23 documents. Among them are the Steppe Declaration; "
        "the decision on granting the Republic of Tuva the status of an observer state; and the Steppe Water Strategy until 2040.",
        ["Steppe Declaration", "decision on granting the Republic of Tuva the status of an observer state", "Steppe Water Strategy until 2040"],
    ),
    # bullets, one a line, action words outside, "On …" decisions whole
    (
        "After the talks the heads of state signed the following documents:\n\n"
        "- To approve the programme of cooperation in countering extremism for 2026-2028 and the action plan for its implementation;\n"
        "- On approval of the action plan for the implementation of the water strategy;\n"
        "- On the establishment of a joint business council;\n"
        "- the draft development strategy until 2040.\n\nThe talks went on.",
        [
            "programme of cooperation in countering extremism for 2026-2028",
            "action plan for its implementation",
            "action plan for the implementation of the water strategy",
            "On the establishment of a joint business council",
            "development strategy until 2040",
        ],
    ),
    # numbered items, a decision whose head is no instrument keeps its action words
    (
        "The package includes:\n1. Decision to approve the report of the Secretary-General on the past year;\n"
        "2. Decision to sign a memorandum of understanding between the Secretariat and the Bank;\n3. Decision to declare the city of Osh the youth capital in 2027.",
        [
            "Decision to approve the report of the Secretary-General on the past year",
            "memorandum of understanding between the Secretariat and the Bank",
            "Decision to declare the city of Osh the youth capital in 2027",
        ],
    ),
    # run on with commas and "and", an "including" introduction
    (
        "About 20 decisions were adopted, including On the association of investors of the member states, "
        "On the main directions of the activities of the Union for 2027, and the decision on the chairmanship in 2028.",
        [
            "On the association of investors of the member states",
            "On the main directions of the activities of the Union for 2027",
            "decision on the chairmanship in 2028",
        ],
    ),
    # "Among … are", coordinated instruments in a sentence, and a title whose comma is its own
    (
        "Among the adopted decisions are the Bukhara Declaration, the charter of the Silk Road Heritage Foundation "
        "and a protocol on combating the illicit trade in arms, ammunition and explosives.",
        [
            "Bukhara Declaration",
            "charter of the Silk Road Heritage Foundation",
            "protocol on combating the illicit trade in arms, ammunition and explosives",
        ],
    ),
    # semicolons on one line; quoted titles keep the quotes inside a name, lose them around a whole title
    (
        "The leaders also approved: the Initiative “On Regional Water Solidarity”; “Steppe Vision – 2050”; the budget for 2027.",
        ["Initiative “On Regional Water Solidarity”", "Steppe Vision – 2050", "budget for 2027"],
    ),
    # coordinated titles sharing a plural head
    (
        "Among the documents signed were statements on water security, on digital connectivity and on youth policy.",
        ["statements on water security", "on digital connectivity", "on youth policy"],
    ),
    # "Among them:" takes its introduction from the sentence before; a trailing bracket is not the item's
    (
        "The presidents adopted eleven documents. Among them:\n• the Programme of Actions for the Basin for 2026-2030 (PAB-5);\n• Regulations on the Executive Committee.",
        ["Programme of Actions for the Basin for 2026-2030", "Regulations on the Executive Committee"],
    ),
    # "The documents also include …", items run on with commas and "along with", "approval for" outside
    (
        "The documents also include a protocol on the transit of goods, approval for the Fund bylaws, "
        "along with the charter of the Steppe Youth Council.",
        ["protocol on the transit of goods", "Fund bylaws", "charter of the Steppe Youth Council"],
    ),
    # "documents endorsing" names what the items are; a title-case list's comma stays inside its title
    (
        "The decisions of the summit include documents endorsing the Plan to implement the Treaty on Lasting Friendship, Trust and "
        "Cooperation of the Member States and the 2027-2028 Programme for Cooperation in Border Security.",
        [
            "Plan to implement the Treaty on Lasting Friendship, Trust and Cooperation of the Member States",
            "2027-2028 Programme for Cooperation in Border Security",
        ],
    ),
    # unmarked lines, one item each, after an introduction
    (
        "The ministers signed the following documents:\n\nProgramme of trade cooperation for 2027-2029;\n\n"
        "Agreement on the mutual recognition of diplomas;\n\nThe ministers then met the press.",
        ["Programme of trade cooperation for 2027-2029", "Agreement on the mutual recognition of diplomas"],
    ),
    # a bullet ending with a colon opens its own list; the bullets after it go on with the outer one
    (
        "The documents signed are as follows:\n\n· Decision of the Council on the powers of the Secretary-General to sign:\n\n"
        "Protocol on digital cooperation until 2032;\n\nMemorandum on joint exercises for 2027;\n\n"
        "· Decision of the Council on the budget of the Secretariat;\n\n· Statement on the water resources of the region.",
        [
            "Decision of the Council on the powers of the Secretary-General to sign",
            "Protocol on digital cooperation until 2032",
            "Memorandum on joint exercises for 2027",
            "Decision of the Council on the budget of the Secretariat",
            "Statement on the water resources of the region",
        ],
    ),
]

COUNTER_CASES = [
    # a colon that introduces no adopted documents
    "The founding documents of the forum state these principles:\n- the principle of equality;\n- the principle of trust.",
    "The ministers discussed the following issues: trade, transit and water.",
    "By Aigerim Sadykova – Trend:\n\nThe summit opened on Monday.",
    # "include" with no word for what is listed, or a list of no instruments
    "The talks include a protocol of courtesy, a dinner and a concert.",
    "The agreements include provisions on trade, investment and transit.",
    # "Among them are …", "They include …" after a sentence that adopts nothing
    "Kazakhstan hosts many events for dialogue. Among them are the Steppe Forum, the Congress of Leaders and the Astana Conference on Disarmament.",
    "Additional efforts are needed. They include acceding to the international anti-terrorist conventions and drafting new ones.",
    "The experts discussed the documents of the following years. Among them are the Steppe Charter and the Lake Treaty.",
]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _items(nlp, text: str) -> list[str]:
    doc = nlp(text)
    rules = load_rules()
    grammar = ListGrammar.from_lexicons(rules.lexicons, rules.document_types)
    found = grammar.items(token_texts(doc), TokenArrays.of(doc).paragraph_tokens)
    return [text[slice(*doc[s:e]._.kz_raw_offsets)] for s, e in found]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_list_items(nlp, text, expected):
    assert _items(nlp, text) == expected


@pytest.mark.parametrize("text", COUNTER_CASES, ids=[f"counter{i}" for i in range(len(COUNTER_CASES))])
def test_no_list_items(nlp, text):
    assert _items(nlp, text) == []


@pytest.mark.parametrize(("text", "expected"), CASES[:4], ids=[f"case{i}" for i in range(4)])
def test_list_items_are_the_document_mentions(nlp, text, expected):
    """Through the whole pipeline the items are DOCUMENT mentions (rule
    list-item), and no year inside them is a DATE."""
    doc = nlp(text)
    documents = [e for e in doc.ents if e.label_ == "DOCUMENT"]
    found = [(text[slice(*e._.kz_raw_offsets)], e.id_) for e in documents]
    for item in expected:
        assert (item, "list-item") in found, (item, found)
    inside = [e for e in doc.ents if e.label_ == "DATE" and any(d.start <= e.start and e.end <= d.end for d in documents)]
    assert inside == []
