"""Summit and document attributes (issue 9, item 5; ANNOTATION.md v2),
table-driven: pure decision functions over plain values, then whole texts
written for these tests."""

from __future__ import annotations

import pytest

from kzextract.adoption import adopted_in_its_clause, draft_documents, earlier_than_published, later_than_published
from kzextract.adopters import issuing_org
from kzextract.document_dates import leading_year
from kzextract.shared_attrs import share_list_org
from kzextract.mention import MentionIndex
from kzextract.summit_links import compatible_summit, nearest_mention_of, own_organization_first, signed_elsewhere, summit_date
from kzextract.ruleset import load_rules
from kzextract.mention import Mention
from kzextract.pipeline import build_pipeline, extract
from kzextract.ordinals import counted_from_a_person, first_in_a_while, first_of_a_kind, summit_ordinal
from kzextract.summit_attrs import two_party_format


def _m(label, attrs=None, first=5, text="x"):
    return Mention(label, 0, 1, first, first + 1, text, attrs=dict(attrs or {}))


@pytest.mark.parametrize(
    "document, summit, words, years, expected",
    [
        ({}, {"org": "SCO", "date": "2024-07-04"}, ["at", "the"], frozenset(), True),
        ({"org": "SCO"}, {"org": "OTS"}, ["at", "the"], frozenset(), False),  # another organization's summit
        ({"date": "2009"}, {"date": "2023-11-03"}, ["at", "the"], frozenset(), False),  # signed in another year
        ({}, {"date": "2024"}, ["host", "the", "next"], frozenset(), False),  # "the next summit"
        ({}, {"date": "2024-07"}, ["at", "the"], frozenset({"2010"}), False),  # "In 2010, a declaration was signed"
        ({}, {"date": "2010-05"}, ["at", "the"], frozenset({"2010"}), True),
    ],
)
def test_compatible_summit(document, summit, words, years, expected):
    assert compatible_summit(_m("DOCUMENT", document), _m("SUMMIT", summit, first=len(words)), words, years) is expected


def _documents_in(words, spans):
    return [Mention("DOCUMENT", 0, 1, first, last, " ".join(words[first:last])) for first, last in spans]


@pytest.mark.parametrize(
    "sentence, spans, expected",
    [
        ("they prepared the draft Astana Declaration", [(4, 6)], {0}),
        ("the first drafts of the Baku Declaration and of the Statement on youth", [(5, 7), (10, 13)], {0, 1}),
        ("the secretariat would draft a road map for reform", [(5, 9)], {0}),
        ("they adopted the Astana Declaration and the Statement on youth", [(3, 5), (7, 10)], set()),
        ("the draft Astana Declaration was discussed ; the leaders signed the Steppe Treaty", [(2, 4), (11, 13)], {0}),
    ],
)
def test_draft_documents(sentence, spans, expected):
    words = sentence.split()
    assert draft_documents(_documents_in(words, spans), words) == expected


@pytest.mark.parametrize(
    "title, published, expected",
    [
        ("2002 SCO Charter", 2024, "2002"),
        ("2030 Agenda for Sustainable Development", 2025, None),  # a goal, not the adoption
        ("2026 - 2028 Program of Cooperation", 2025, None),  # a period
        ("2014 Treaty on the Union", None, None),  # the article's year unknown
        ("Astana Declaration", 2024, None),
    ],
)
def test_leading_year(title, published, expected):
    words = title.split()
    assert leading_year(_documents_in(words, [(0, len(words))])[0], words, published) == expected


def _doc(rule, org=None, text="Plan of joint measures"):
    return Mention("DOCUMENT", 0, 1, 0, 1, text, rule=rule, attrs={"org": org} if org else {})


@pytest.mark.parametrize(
    "documents, expected",
    [
        # the items stating an organization agree: the others take it
        ([("list-item", "CSTO"), ("list-item", None), ("list-item", "CSTO")], ["CSTO", "CSTO", "CSTO"]),
        # they disagree: nothing is shared
        ([("list-item", "CSTO"), ("list-item", None), ("list-item", "SCO")], ["CSTO", None, "SCO"]),
        # another DOCUMENT between ends the list: two lists
        ([("list-item", "CSTO"), ("list-item", None), ("titled", None), ("list-item", None), ("list-item", None)],
         ["CSTO", "CSTO", None, None, None]),
        # a lone item shares with no one; a title outside lists takes nothing
        ([("titled", None), ("list-item", "OTS")], [None, "OTS"]),
    ],
)
def test_share_list_org(documents, expected):
    mentions = [_doc(rule, org) for rule, org in documents]
    share_list_org(mentions)
    assert [m.attrs.get("org") for m in mentions] == expected


def test_share_list_org_leaves_two_party_instruments():
    mentions = [_doc("list-item", "SCO"), _doc("list-item", text="Memorandum between the Secretariat and the Bank")]
    share_list_org(mentions)
    assert "org" not in mentions[1].attrs


@pytest.mark.parametrize(
    "issuer, expected",
    [
        ("UNSC", "UNSC"),  # an organ with an acronym of its own issues in its own name
        ("CSTO-COUNCIL", "CSTO"),  # another organ stands for its organization
        ("SCO", "SCO"),
        ("NOT-IN-THE-KB", "NOT-IN-THE-KB"),
    ],
)
def test_issuing_org_id(issuer, expected):
    assert load_rules().orgs.issuing_org_id(issuer) == expected


@pytest.mark.parametrize(
    "phrase, after, expected",
    [
        (["VI", "CICA", "summit"], [], 6),
        (["24th", "SCO", "summit"], [], 24),
        (["Sixth", "Summit"], [], 6),
        (["10th", "anniversary", "OTS", "summit"], [], None),
        (["I", "Summit"], [], None),
        (["jubilee", "tenth", "OTS", "summit"], [], 10),  # past a lower-case pre-modifier
        (["informal", "summit"], [], None),
    ],
)
def test_summit_ordinal(phrase, after, expected):
    assert summit_ordinal(phrase) == expected


@pytest.mark.parametrize(
    "after, expected",
    [
        (["hosted", "by", "Kazakhstan", "since", "2017"], True),
        (["of", "the", "organization", "in", "eleven", "years"], True),
        (["in", "Astana", "in", "2024"], False),
    ],
)
def test_first_in_a_while(after, expected):
    assert first_in_a_while(after) is expected


@pytest.mark.parametrize(
    "before, expected",
    [(["attending", "his"], True), (["chairing", "her"], True), (["held", "its"], False), (["the"], False), ([], False)],
)
def test_counted_from_a_person(before, expected):
    assert counted_from_a_person(before) is expected


@pytest.mark.parametrize(
    "before, after, expected",
    [
        (["was", "the"], ["held", "in", "Taraz"], True),
        (["is", "the"], ["hosted", "by", "Freedonia"], True),
        # not the summit's own description, nor a predicate about another place
        ([",", "the"], ["held", "in", "Taraz"], False),
        (["was", "the"], [",", "held", "in", "Taraz"], False),
        (["was", "the"], ["in", "Taraz"], False),
    ],
)
def test_first_of_a_kind(before, after, expected):
    assert first_of_a_kind(before, after) is expected


def test_a_persons_first_summit_has_no_ordinal(nlp):
    text = "Attending his first Steppe summit as president, Aliyev spoke of trade. The Union held its first summit in 2001."
    summits = [s for s in extract(nlp, "d", text, {"published": "2031"}).spans if s.label == "SUMMIT"]
    assert [(s.text, s.attrs.ordinal) for s in summits] == [("first Steppe summit", None), ("first summit", 1)]


@pytest.mark.parametrize(
    "phrase, expected",
    [(["first", "EU", "–", "Central", "Asia", "summit"], True), (["China", "–", "Central", "Asia", "Summit"], True), (["C5+1", "summit"], False), (["SCO", "summit"], False)],
)
def test_two_party_format(phrase, expected):
    assert two_party_format(phrase) is expected


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _by_text(record):
    return {s.text: s for s in record.spans}


def test_listed_documents_take_the_summit_its_date_and_organization(nlp):
    text = (
        "Astana hosted the 30th SCO summit on 5 July 2031.\n\n"
        "The leaders discussed trade.\n\n"
        "Following the summit, the heads of state signed the following documents:\n"
        "- the Astana Declaration;\n"
        "- the programme of cooperation in countering extremism for 2032-2034."
    )
    spans = _by_text(extract(nlp, "d", text, {"published": "2031-07-05"}))
    summit = spans["30th SCO summit"]
    assert summit.attrs.model_dump(exclude_none=True) == {"org": "SCO", "place": "Astana", "date": "2031-07-05", "ordinal": 30}
    for title in ("Astana Declaration", "programme of cooperation in countering extremism for 2032-2034"):
        attrs = spans[title].attrs
        assert (attrs.summit, attrs.date, attrs.org) == (summit.id, "2031-07-05", "SCO"), title


def test_a_document_is_not_adopted_at_an_earlier_summit(nlp):
    text = (
        "The OTS leaders met in Bishkek on 6 November 2030. Since the Osh summit in 2027 they had not met.\n\n"
        "The heads of state signed the Bishkek Declaration."
    )
    spans = _by_text(extract(nlp, "d", text, {"published": "2030-11-06"}))
    assert spans["Bishkek Declaration"].attrs.summit is None


def test_a_document_with_its_own_year_keeps_it(nlp):
    text = "At the 12th OTS summit in 2030 the leaders recalled the Nakhchivan Agreement, signed in 2009."
    spans = _by_text(extract(nlp, "d", text, {"published": "2030"}))
    agreement = spans["Nakhchivan Agreement"].attrs
    assert (agreement.summit, agreement.date) == (None, "2009")


def test_a_document_does_not_take_the_date_of_the_previous_summit(nlp):
    text = (
        "The leaders adopted the Kazan Declaration at the 31st SCO summit in Kazan.\n\n"
        "Tokayev recalled that the previous SCO summit, held on 4 July 2030, had launched the idea."
    )
    spans = _by_text(extract(nlp, "d", text, {"published": "2031"}))
    declaration = spans["Kazan Declaration"].attrs
    assert declaration.summit == spans["31st SCO summit"].id
    assert declaration.date is None


def test_a_draft_is_not_adopted_at_the_summit_it_is_prepared_for(nlp):
    text = "The ministers approved the draft Kazan Declaration, which the leaders will adopt at the 31st SCO summit in Kazan on 4 July 2031."
    spans = _by_text(extract(nlp, "d", text, {"published": "2031-05-10"}))
    declaration = spans["Kazan Declaration"].attrs
    assert (declaration.summit, declaration.date, declaration.org) == (None, None, "SCO")


def test_coordinated_complements_take_the_type_and_summit_of_their_head(nlp):
    text = "At the 31st SCO summit in Kazan the leaders issued statements on grain corridors and on digital trade."
    spans = _by_text(extract(nlp, "d", text, {"published": "2031"}))
    summit = spans["31st SCO summit"].id
    for title in ("statements on grain corridors", "on digital trade"):
        attrs = spans[title].attrs
        assert (attrs.type, attrs.summit, attrs.org) == ("statement", summit, "SCO"), title


def test_coordinated_list_items_take_the_type_of_their_head(nlp):
    text = (
        "The 31st SCO summit was held in Kazan.\n\nThe leaders adopted the following documents:\n"
        "• Statements on grain corridors, on digital trade and on youth exchanges;\n• decision on the next chairmanship."
    )
    spans = _by_text(extract(nlp, "d", text, {"published": "2031"}))
    assert [spans[t].attrs.type for t in ("Statements on grain corridors", "on digital trade", "on youth exchanges")] == ["statement"] * 3
    assert spans["decision on the next chairmanship"].attrs.type == "decision"


@pytest.mark.parametrize(
    "text, summit, expected",
    [
        ("Samarkand hosted the first EU–Central Asia summit on 4 April 2030.", "first EU–Central Asia summit", {"place": "Samarkand", "date": "2030-04-04", "ordinal": 1}),
        ("He spoke at the Summit of the Future, which the UN convened in New York.", "Summit of the Future", {}),
        ("It was the first summit hosted by Kazakhstan since 2017, the OTS said.", "first summit", {"org": "OTS"}),
        ("Tokayev travelled to Kazan for the 16th BRICS summit.", "16th BRICS summit", {"org": "BRICS", "place": "Kazan", "ordinal": 16}),
        ("On 3 May 2029 the ministers prepared the 10th OTS summit, to be held in Baku in 2030.", "10th OTS summit", {"org": "OTS", "place": "Baku", "date": "2030", "ordinal": 10}),
        ("They prepared the 24th SCO summit, which will be held in Astana on 3-4 July 2030.", "24th SCO summit", {"org": "SCO", "place": "Astana", "date": "2030-07-03/2030-07-04", "ordinal": 24}),
        ("Work began on the VII CICA Summit, which Azerbaijan will host in Baku in 2031.", "VII CICA Summit", {"org": "CICA", "place": "Baku", "date": "2031", "ordinal": 7}),
        ("The leaders gathered in Budapest on 21 May 2030 for an informal summit hosted by Hungary.", "informal summit", {"place": "Budapest", "date": "2030-05-21"}),
        ("CIS summit in Dushanbe: trade, border security, chairmanship in 2031", "CIS summit", {"org": "CIS", "place": "Dushanbe"}),
        # a summit called again in the next sentence has the date of the one named before it ...
        (
            "The 10th Summit of the Council of Heads of State of the OTS took place in Astana on 3 November 2030. It was the first summit hosted by Kazakhstan since 2015.",
            "first summit",
            {"date": "2030-11-03"},
        ),
        # ... not the date of some other event written between them
        (
            "The 19th SCO summit was chaired by the President of Kyrgyzstan. The President of Kazakhstan was sworn in on 12 June 2030. It was the first SCO summit hosted by Kyrgyzstan since 2013.",
            "first SCO summit",
            {"org": "SCO"},
        ),
        # the describing clause stops at another summit: its date is that summit's
        ("It was the first SCO summit hosted by Russia since the Yekaterinburg summit of June 2009.", "first SCO summit", {"org": "SCO"}),
        # the clause describing a summit starts past its bracketed acronym
        ("The Fourth Summit of the Conference on Interaction and Confidence Building Measures in Asia (CICA) was held in Shanghai on 20-21 May 2030.",
         "Fourth Summit of the Conference on Interaction and Confidence Building Measures in Asia",
         {"org": "CICA", "place": "Shanghai", "date": "2030-05-20/2030-05-21", "ordinal": 4}),
        # a date in a ", who …" clause dates that person
        ("For Pashinyan, who came to power in May 2030, it was the first CIS summit.", "first CIS summit", {"org": "CIS", "ordinal": 1}),
        # the date of an event in another place is not the summit's
        (
            "Ten days after hosting the Second Lake Summit in Astana, he took part in a council meeting held in Minsk on 27 June 2030.",
            "Second Lake Summit",
            {"place": "Astana", "ordinal": 2},
        ),
        ("He recalled the 9th OTS summit, held in Samarkand on 11 November 2029.", "9th OTS summit", {"org": "OTS", "place": "Samarkand", "date": "2029-11-11", "ordinal": 9}),
    ],
)
def test_summit_attributes(nlp, text, summit, expected):
    spans = _by_text(extract(nlp, "d", text, {"published": "2030"}))
    assert spans[summit].attrs.model_dump(exclude_none=True) == expected


def test_a_year_that_starts_a_title_dates_it(nlp):
    spans = _by_text(extract(nlp, "d", "The minister recalled the 2002 SCO Charter and the 2030 Agenda.", {"published": "2031"}))
    assert spans["2002 SCO Charter"].attrs.date == "2002"
    assert spans["2030 Agenda"].attrs.date is None


def test_a_list_item_named_on_is_a_decision_whatever_names_it_holds(nlp):
    text = (
        "The leaders signed a number of documents. Among them:\n\n"
        "1. On the Interstate Programme for the Steppe Border;\n"
        "2. On the chairmanship in the Collective Security Treaty Organization in 2032;\n"
        "3. Granting Iran observer status in the Collective Security Treaty Organization.\n\nThe talks ended."
    )
    spans = _by_text(extract(nlp, "d", text, {"published": "2031"}))
    for title in (
        "On the Interstate Programme for the Steppe Border",
        "On the chairmanship in the Collective Security Treaty Organization in 2032",
        "Granting Iran observer status in the Collective Security Treaty Organization",  # not a treaty
    ):
        assert spans[title].attrs.type == "decision", title


@pytest.mark.parametrize(
    "document, summits, expected",
    [
        ({"org": "EAEU"}, [{}, {"org": "EAEU"}], 1),  # a two-party summit between the EAEU summit and its decisions
        ({}, [{}, {"org": "EAEU"}], 0),  # no organization stated: the nearest
        ({"org": "SCO"}, [{"org": "OTS"}, {}], 0),  # none of its own: the order found
        ({"org": "SCO"}, [], None),
    ],
)
def test_own_organization_first(document, summits, expected):
    found = own_organization_first(_m("DOCUMENT", document), [_m("SUMMIT", s) for s in summits], list(range(len(summits))))
    assert found == expected


@pytest.mark.parametrize(
    "summit_date, published, published_day, expected",
    [
        ("2018-08-12", 2024, None, True),  # an earlier year
        ("2024-07-04", 2024, None, False),  # the same year, the day of the article unknown
        ("2022-05-16", 2022, "2022-11-23", True),  # months before a news item
        ("2022-11-22/2022-11-23", 2022, "2022-11-23", False),  # the meeting it reports
        ("2022-11", 2022, "2022-11-23", False),  # the month of the article: cannot tell
        ("2023-05", 2023, "2023-09-29", True),  # "in May", in a September report
        ("2022-10", 2022, "2022-11-03", False),  # a month that ended days before
        ("2023-05", 2023, None, False),  # the day of the article unknown
        (None, 2022, "2022-11-23", False),
    ],
)
def test_earlier_than_published(summit_date, published, published_day, expected):
    assert earlier_than_published(summit_date, published, published_day) is expected


@pytest.mark.parametrize(
    "text, published, titles, date",
    [
        # a news item does not link to a summit months before it
        (
            "The jubilee summit in Moscow on 16 May 2031 marked the anniversary of the organization.\n\n"
            "The session of the CSTO Collective Security Council was held in Yerevan on 23 November 2031. "
            "The leaders signed a number of documents. Among them:\n\n1. Declaration on the steppe border;\n2. Plan of joint exercises for 2032.",
            "2031-11-23",
            ("Declaration on the steppe border", "Plan of joint exercises for 2032"),
            "2031-11-23",
        ),
        # the lead dates what a meeting that is not a summit adopted
        (
            "Leaders adopt water programme\n\n16 March 2031, 10:05\n\n"
            "On 15 March, the Council of Heads of State – Founders of IFAS met in Dushanbe.\n\n"
            "The package includes:\n• the programme of actions for the Aral Sea basin for 2031-2035;\n• Regulations on the Executive Committee.",
            None,
            ("programme of actions for the Aral Sea basin for 2031-2035", "Regulations on the Executive Committee"),
            "2031-03-15",
        ),
        # a web page's headline, dateline and caption do not push the lead down
        (
            "Leaders sign steppe pact\n\n24.11.2031 | 10:05\n\nPhoto: Akorda\n\nLeaders sign steppe pact\n\n"
            "The session of the Steppe Council of Heads of State was held in Kokshetau on 23 November 2031.\n\n"
            "The leaders signed a number of documents. Among them:\n\n1. Declaration on the steppe border;\n2. Plan of joint exercises for 2032.",
            None,
            ("Declaration on the steppe border",),
            "2031-11-23",
        ),
        # a summit yet to come has adopted nothing
        (
            "Ministers prepare the Baku summit\n\n"
            "The CICA senior officials met in Baku on 13 May 2031 to prepare the VIII CICA Summit, to be held in Baku in 2032.\n\n"
            "During the meeting, the officials approved:\n- the budget of the CICA Secretariat for 2032;\n- the Regulations on the CICA Youth Council.",
            "2031-05-14",
            ("budget of the CICA Secretariat for 2032", "Regulations on the CICA Youth Council"),
            "2031-05-13",
        ),
    ],
)
def test_documents_of_a_meeting_take_its_date_and_no_summit(nlp, text, published, titles, date):
    spans = _by_text(extract(nlp, "d", text, {"published": published} if published else {}))
    for title in titles:
        assert (spans[title].attrs.summit, spans[title].attrs.date) == (None, date), title


@pytest.mark.parametrize(
    "summit_date, published, published_day, expected",
    [
        ("2026", 2025, None, True),
        ("2025", 2025, None, False),
        ("2024-07-03/2024-07-04", 2024, "2024-05-21", True),  # the summit the ministers prepare
        ("2024-05-20", 2024, "2024-05-21", False),
        (None, 2024, "2024-05-21", False),
        ("2022-10", 2022, "2022-07-21", True),  # "the summit in October" in a July item
        ("2022-07", 2022, "2022-07-21", False),
        ("2022-10", 2022, None, False),
    ],
)
def test_later_than_published(summit_date, published, published_day, expected):
    assert later_than_published(summit_date, published, published_day) is expected


ADOPTION_VERBS = frozenset({"adopt", "adopted", "signed", "approved", "ratified"})


@pytest.mark.parametrize(
    "sentence, span, expected",
    [
        ("On 4 May the participants adopted the Steppe Declaration .", (7, 9), True),
        ("The Steppe Declaration was signed on Friday .", (1, 3), True),
        ("The Steppe Declaration , signed on Friday , sets goals .", (1, 3), True),
        ("The leaders adopted the Steppe Declaration , which reaffirms the Grain Charter .", (10, 12), False),  # another clause
        ("He said an agreement on grain could be signed next year .", (3, 6), False),  # not yet
        ("The leaders will adopt the Steppe Declaration .", (5, 7), False),
        ("Experts praised the Steppe Declaration .", (3, 5), False),
        ("Tuva had ratified the Steppe Protocol in 2015 .", (4, 6), False),  # ratification is not adoption
        ("The Steppe Protocol was ratified by Tuva .", (1, 3), False),
        ("They recalled resolution 12 , which approved the Steppe Plan .", (8, 10), False),  # the resolution's act
    ],
)
def test_adopted_in_its_clause(sentence, span, expected):
    words = sentence.split()
    document = _documents_in(words, [span])[0]
    assert adopted_in_its_clause(document, words, ADOPTION_VERBS) is expected


def test_the_lead_does_not_date_a_document_that_is_not_adopted_in_its_clause(nlp):
    text = (
        "Ministers meet in Almaty\n\n16 March 2031, 10:05\n\n"
        "On 15 March, the Council of Ministers of the Steppe Union met in Almaty and approved the Steppe Grain Charter.\n\n"
        "The minister said an agreement on grain corridors could be signed next year."
    )
    spans = _by_text(extract(nlp, "d", text, {}))
    assert spans["Steppe Grain Charter"].attrs.date == "2031-03-15"
    assert spans["agreement on grain corridors"].attrs.date is None


@pytest.mark.parametrize(
    "summit, other, published, expected",
    [
        ({"org": "CIS", "place": "Dushanbe"}, {"org": "CIS", "date": "2025-10-10"}, 2025, "2025-10-10"),
        ({"org": "CIS", "place": "Dushanbe"}, {"org": "CIS", "date": "2021"}, 2025, None),  # "the CIS summit" of 2021, recalled
        ({"org": "CICA", "ordinal": 6}, {"org": "CICA", "ordinal": 6, "date": "2022"}, 2024, "2022"),  # the same sixth summit
        ({"org": "CICA", "ordinal": 6}, {"org": "CICA", "ordinal": 5, "date": "2019"}, 2024, None),
        ({"org": "CIS"}, {"org": "CIS", "place": "Moscow", "date": "2026-12"}, 2025, None),  # "an informal CIS summit in Moscow" next year
        ({"org": "CIS", "place": "Moscow"}, {"org": "CIS", "place": "Moscow", "date": "2026-12"}, 2025, "2026-12"),  # the same place
    ],
)
def test_summit_date_from_another_mention(summit, other, published, expected):
    mentions = [Mention("SUMMIT", 0, 1, 0, 1, "summit", attrs=summit), Mention("SUMMIT", 10, 11, 5, 6, "summit", attrs=other)]
    assert summit_date(0, mentions, MentionIndex(mentions), ["w"] * 8, published) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The Assembly adopted resolution 64/35", "UNGA"),
        ("The Assembly unanimously adopted resolution 64/35", "UNGA"),  # an adverb before the verb
        ("The Assembly has adopted resolution 64/35", "UNGA"),
        ("The Assembly and then adopted resolution 64/35", None),
        ("The Assembly 's resolution 64/35", "UNGA"),
        ("The Assembly leaders adopted resolution 64/35", "UNGA"),  # its members adopt in its name, as in a headline
        ("The Assembly heads of state adopted resolution 64/35", "UNGA"),
        ("The Assembly leaders met and adopted resolution 64/35", None),
        ("The Assembly adopted the resolution 64/35", "UNGA"),  # a determiner after the verb
        ("The Assembly adopted and the resolution 64/35", None),
        ("The Assembly signed the resolution 64/35", None),  # who signs the text is a party to it, not its issuer
    ],
)
def test_issuing_org(sentence, expected):
    words = sentence.split()
    org = Mention("ORG", 0, 0, 1, 2, "Assembly", norm="UNGA")
    first = words.index("resolution")
    document = Mention("DOCUMENT", 0, 0, first, len(words), "resolution 64/35")
    assert issuing_org(1, [org, document], words, frozenset({"adopted", "signed"})) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # when and how it adopted, and the head a quoted title is named by, stand between the issuer and the text
        ("The Assembly today adopted by consensus a resolution entitled “ Steppe Peace ”", "UNGA"),
        ("The Assembly adopted without a vote the Steppe Peace", "UNGA"),
        ("The Assembly adopted a resolution titled “ Steppe Peace ”", "UNGA"),
        ("The Assembly adopts first Steppe Peace", "UNGA"),  # a headline's ordinal, as a determiner
        ("The Assembly adopted the first Steppe Peace", "UNGA"),
        ("The Assembly discussed a resolution entitled “ Steppe Peace ”", None),
        ("The Assembly adopted by consensus and then praised the Steppe Peace", None),
    ],
)
def test_issuing_org_past_how_and_an_entitling_head(sentence, expected):
    words = sentence.split()
    org = Mention("ORG", 0, 0, 1, 2, "Assembly", norm="UNGA")
    first = words.index("Steppe")
    document = Mention("DOCUMENT", 0, 0, first, first + 2, "Steppe Peace")
    assert issuing_org(1, [org, document], words, frozenset({"adopted", "adopts", "signed"})) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # past the date between the body and its verb ("on 22 September" is a DATE mention)
        ("The Assembly on 22 September adopted resolution 64/35", "UNGA"),
        ("The Assembly on 22 September said resolution 64/35", None),
    ],
)
def test_issuing_org_past_a_date(sentence, expected):
    words = sentence.split()
    org = Mention("ORG", 0, 0, 1, 2, "Assembly", norm="UNGA")
    date = Mention("DATE", 0, 0, 3, 5, "22 September")
    first = words.index("resolution")
    document = Mention("DOCUMENT", 0, 0, first, len(words), "resolution 64/35")
    assert issuing_org(2, [org, date, document], words, frozenset({"adopted"})) == expected


@pytest.mark.parametrize(
    "text, title",
    [
        ("The President urged states to join the Treaty on the Steppe Commons, which Tuva ratified in 2029.", "Treaty on the Steppe Commons"),
        ("He recalled that Tuva had ratified the Protocol on Grazing Rights to the Steppe Treaty in 2015.", "Protocol on Grazing Rights to the Steppe Treaty"),
        # joining a text is acceding to it
        ("He recalled that Tuva joined the Kokshetau Agreement on a transit corridor in 2028.", "Kokshetau Agreement on a transit corridor"),
    ],
)
def test_a_ratification_does_not_date_the_text(nlp, text, title):
    spans = {s.text: s for s in extract(nlp, "d", "TARAZ. The summit took place in Taraz today.\n\n" + text, {"published": "2031-10-04"}).spans}
    assert spans[title].attrs.date is None


def test_a_founding_text_takes_the_summit_but_not_its_organization(nlp):
    text = "At the 12th OTS summit in Taraz on 3 November 2031 the leaders signed the Agreement on the Establishment of the Turkic Grain Fund."
    spans = {s.text: s for s in extract(nlp, "d", text, {"published": "2031-11-03"}).spans}
    agreement = spans["Agreement on the Establishment of the Turkic Grain Fund"].attrs
    assert (agreement.summit, agreement.date, agreement.org) == (spans["12th OTS summit"].id, "2031-11-03", None)


def test_a_disposition_is_a_decision(nlp):
    text = "The Council approved the disposition on the grazing strategy of the Steppe Union."
    spans = {s.text: s for s in extract(nlp, "d", text, {"published": "2031"}).spans}
    assert spans["disposition on the grazing strategy of the Steppe Union"].attrs.type == "decision"


@pytest.mark.parametrize(
    "summits, linked, document_start, expected",
    [
        # the headline's mention and the lead's, one summit: the nearest before the document
        ([(0, {"org": "CICA", "ordinal": 1}), (80, {"org": "CICA", "ordinal": 1, "place": "Almaty"})], 0, 900, 1),
        # none before it: the nearest after
        ([(950, {"org": "CICA", "ordinal": 1}), (990, {"org": "CICA", "ordinal": 1, "place": "Almaty"})], 1, 900, 0),
        # a mention that states only the organization is the same summit ("it was the last CIS summit as head of state")
        ([(0, {"org": "SCO", "ordinal": 1}), (80, {"org": "SCO"})], 0, 900, 1),
        # another summit of the organization, or one of another organization, stays apart
        ([(0, {"org": "SCO", "ordinal": 1}), (80, {"org": "SCO", "ordinal": 2})], 0, 900, 0),
        ([(0, {"org": "SCO", "ordinal": 1}), (80, {"org": "CSTO"})], 0, 900, 0),
        ([(0, {"org": "SCO", "place": "Ufa", "date": "2015"}), (80, {"org": "SCO", "place": "Ufa", "date": "2016"})], 0, 900, 0),
        ([(0, {"org": "SCO", "place": "Ufa", "date": "2015-07"}), (80, {"org": "SCO", "place": "Ufa", "date": "2015-07"})], 0, 900, 1),
    ],
)
def test_nearest_mention_of(summits, linked, document_start, expected):
    mentions = [Mention("SUMMIT", start, start + 5, start, start + 1, "x", attrs=attrs) for start, attrs in summits]
    document = Mention("DOCUMENT", document_start, document_start + 5, document_start, document_start + 1, "y")
    assert nearest_mention_of(linked, document, mentions, list(range(len(mentions)))) == expected


CITIES = {"Taraz", "Kokshetau"}


@pytest.mark.parametrize(
    "sentence, place, expected",
    [
        # the clause that signs the title names another city than the summit's
        ("The Steppe Treaty itself was signed by Tuva and Freedonia in Kokshetau on 29 May .", "Taraz", True),
        ("The Steppe Treaty was signed in Taraz on 29 May .", "Taraz", False),
        # a city before the verb, past the clause, or with no summit place says nothing of it
        ("The Steppe Treaty on Kokshetau was signed on 29 May .", "Taraz", False),
        ("The Steppe Treaty was signed . The leaders flew to Kokshetau .", "Taraz", False),
        ("The Steppe Treaty was signed in Kokshetau .", None, False),
    ],
)
def test_signed_elsewhere(sentence, place, expected):
    words = sentence.split()
    document = Mention("DOCUMENT", 0, 0, 1, 3, "Steppe Treaty")
    def city_at(words, k):
        return words[k] if 0 <= k < len(words) and words[k] in CITIES else None
    assert signed_elsewhere(document, words, place, city_at, frozenset({"signed"})) is expected


def test_a_text_signed_in_another_city_is_not_the_summits(nlp):
    text = (
        "TARAZ, 10 October. The SCO summit was held in Taraz today.\n\n"
        "Following the summit, the heads of state signed the Protocol on Grain Quotas. "
        "The Charter of the Steppe Fund itself was signed by Tuva and Freedonia in Kokshetau on 29 May 2031."
    )
    spans = {s.text: s for s in extract(nlp, "d", text, {"published": "2031-10-10"}).spans}
    assert spans["Protocol on Grain Quotas"].attrs.summit == spans["SCO summit"].id
    assert spans["Charter of the Steppe Fund"].attrs.summit is None
