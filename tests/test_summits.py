"""Summit phrases as news writes them (issue 9, item 2), table-driven over
sentences written for these tests: the SUMMIT mentions (raw text)."""

from __future__ import annotations

import pytest

from kzextract.pipeline import build_pipeline, extract
from kzextract.dates import longer_than_a_meeting
from kzextract.gazetteer import CityGazetteer
from kzextract.ordinals import apposition_ordinal
from kzextract.summit_dates import a_predicate, in_a_limiting_clause
from kzextract.summit_spans import joins_two_sides

CASES = [
    # the date after `of` is not the summit's name
    ("It was the first since the Istanbul summit of November 1999, at which the leaders met.", ["Istanbul summit"]),
    # who meets belongs to the summit
    ("The convention was signed at the summit of the heads of state of the Caspian littoral states in Aktau.",
     ["summit of the heads of state of the Caspian littoral states"]),
    ("Leaders gathered for the summit of the Council of EAEU Heads of State in Minsk.", ["summit of the Council of EAEU Heads of State"]),
    ("He attended the 12th Summit of the Council of the Heads of State of the Organization of Turkic States on Monday.",
     ["12th Summit of the Council of the Heads of State of the Organization of Turkic States"]),
    ("It was the first summit of the heads of the founding states in nine years.", ["first summit of the heads of the founding states"]),
    ("The first such summit took place in Astana in October 2030.", ["first such summit"]),
    ("Photo: Akorda\n\nSecond Steppe – Central Asia Summit held in Astana", ["Second Steppe – Central Asia Summit"]),
    ("The plan was approved at the summit of the heads of state of the founding countries of IFAS in Dushanbe.",
     ["summit of the heads of state of the founding countries of IFAS"]),
    ("Baku hosted the jubilee summit of the heads of state — founders of the Cooperation Council of Turkic-Speaking States.",
     ["jubilee summit of the heads of state — founders of the Cooperation Council of Turkic-Speaking States"]),
    ("They met at the 25th Summit of the Council of Heads of the Shanghai Cooperation Organization (SCO) member states in Tianjin.",
     ["25th Summit of the Council of Heads of the Shanghai Cooperation Organization (SCO) member states"]),
    ("Bishkek will host the next summit of the Commonwealth in 2027.", ["summit of the Commonwealth"]),
    ("He took part in the first summit of the C5+1 format in New York.", ["first summit of the C5+1 format"]),
    # who meets: a hyphenated group, two sides
    ("The 9th summit of the heads of Steppe-speaking states was held in Turkistan.", ["9th summit of the heads of Steppe-speaking states"]),
    ("The first summit of the heads of state of Central Asia and the Prime Minister of Canada took place in Ottawa.",
     ["first summit of the heads of state of Central Asia and the Prime Minister of Canada"]),
    ("The first summit of the heads of state of Central Asia and the Steppe Cooperation Council was held in Astana.",
     ["first summit of the heads of state of Central Asia and the Steppe Cooperation Council"]),
    # an organization written in full with its acronym before the head stays inside
    ("The Organization of Turkic States (OTS) summit wrapped up on Friday.", ["Organization of Turkic States (OTS) summit"]),
    # an ordinal or pre-modifier before such an organization belongs to the summit
    ("The third Conference on Interaction and Confidence Building Measures in Asia (CICA) summit opened in Taraz.",
     ["third Conference on Interaction and Confidence Building Measures in Asia (CICA) summit"]),
    ("Delegates left the 14th Shanghai Cooperation Organisation (SCO) summit early.", ["14th Shanghai Cooperation Organisation (SCO) summit"]),
    ("The Organization for Security and Co-operation in Europe (OSCE) heads of state summit closed early.",
     ["Organization for Security and Co-operation in Europe (OSCE) heads of state summit"]),
    # named summits keep their complement; a date after it does not belong
    ("The Global Digital Compact builds on the World Summit on the Information Society.", ["World Summit on the Information Society"]),
    ("The Summit for Democracy was launched by Washington.", ["Summit for Democracy"]),
    ("The World Summit on the Steppe Economy reviewed progress on trade.", ["World Summit on the Steppe Economy"]),
    ("He spoke at the opening of the Summit of the Future in New York.", ["Summit of the Future"]),
    ("Astana hosted the first OIC Summit on Science and Technology.", ["first OIC Summit on Science and Technology"]),
    ("The 11th Summit of the Heads of State of the Organization of Turkic States (OTS) on Nov.6 opened.",
     ["11th Summit of the Heads of State of the Organization of Turkic States"]),
    # lower-case pre-modifiers, ordinals, a bare summit pinned by a place after "held in"
    ("The fifth annual Caspian Summit will take place in August.", ["fifth annual Caspian Summit"]),
    ("The talks followed an informal CIS summit held a day earlier.", ["informal CIS summit"]),
    ("He recalled that the previous summit, held in Astrakhan, had agreed on it.", ["summit"]),
    ("The Steppe Union chairmanship lasts until the next summit, to be held in Taraz in July 2032.", ["summit"]),
    # a lower-case compound the view writes as words, with the ordinal before it
    ("It was the first in-person Steppe Union summit since 2029.", ["first in-person Steppe Union summit"]),
    # a city whose first word is no name word on its own ("New", "The") is the summit's name
    ("The New Delhi summit, the third in the history of the forum, closed early.", ["New Delhi summit"]),
    ("Leaders met at the Rio de Janeiro summit on 5 May.", ["Rio de Janeiro summit"]),
]

COUNTER_CASES = [
    "Leaders meet at summits twice a year.",
    "At the summit, they spoke about trade.",
    "A Consultative Meeting of the Heads of State of Central Asia was held.",
    # "summit" modifying the noun after it
    "It was the first summit-level gathering in Taraz since the forum of July last year.",
    "The talks took place at the summit level on 24 September 2031 in Taraz.",
]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _summits(nlp, text):
    return [s.text for s in extract(nlp, "t", text, {"published": "2026"}).spans if s.label == "SUMMIT"]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_summit_spans(nlp, text, expected):
    assert _summits(nlp, text) == expected


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("first summit of the heads of state of Central Asia and the Gulf Cooperation Council", True),
        ("summit of the heads of state of Central Asia and the Federal Chancellor of Germany", True),
        ("Summit of the Heads of State and Government of the OSCE", False),
        ("fourth summit of the Heads of State and Government of the Authority on Drought and Development", False),
        ("third Conference on Interaction and Confidence Building Measures in Asia (CICA) summit", False),
        ("summit of the heads of state of the Caspian littoral states", False),
    ],
)
def test_joins_two_sides(phrase, expected):
    assert joins_two_sides(phrase.replace("(", " ( ").replace(")", " ) ").split()) is expected


@pytest.mark.parametrize("text", COUNTER_CASES)
def test_no_summit(nlp, text):
    assert _summits(nlp, text) == []


# a summit called again by its place, or "the previous summit", keeps the organization of the summit named before
@pytest.mark.parametrize(
    "text, published, summit, org",
    [
        (
            "The first summit of the heads of state of Central Asia and the Gulf Cooperation Council was held in Jeddah on 19 July 2031. "
            "Secretary General of the Organisation of Islamic Cooperation Ali Hassan also took part.\n\n"
            "The Jeddah summit came two months after the Lake summit.",
            "2031-07-20",
            "Jeddah summit",
            None,  # two sides, held by no one
        ),
        (
            "CSTO summit in Yerevan: leaders adopt declaration\n\n"
            "At the Yerevan summit, the President called for closer coordination of the CSTO with the Shanghai Cooperation "
            "Organization (SCO) and the SCO partners in the fight against terrorism.",
            "2031-10-14",
            "Yerevan summit",
            "CSTO",  # not the SCO its paragraph names more often
        ),
        # "the previous summit" is of the series of the summit named before it, also when its paragraph names none
        (
            "The SCO summit was held in Tashkent on 24 June 2031.\n\nThe memorandums complete the procedure launched at the previous summit in Ufa in July 2030.",
            "2031-06-24",
            "summit",
            "SCO",
        ),
        (
            "The CSTO summit was held in Yerevan on 14 October 2031. The Statement adopted at the previous summit "
            "in Dushanbe had proved its value, he said, calling for coordination with the Shanghai Cooperation "
            "Organization (SCO) and the SCO partners.",
            "2031-10-14",
            "summit",
            "CSTO",
        ),
    ],
)
def test_a_summit_named_again_keeps_the_organization_of_the_summit_named_before(nlp, text, published, summit, org):
    spans = {s.text: s.attrs for s in extract(nlp, "t", text, {"published": published}).spans if s.label == "SUMMIT"}
    assert spans[summit].org == org, spans


# ... but a summit of another year in the same city is another's, unless its sentence names the series
@pytest.mark.parametrize(
    "text, summit, org",
    [
        (
            "The OSCE Taraz Summit of 1-2 December 2030 was the first in years.\n\n"
            "The SCO has met in the city four times. At the Taraz summit of July 2025 the heads of state signed a declaration.",
            "Taraz summit",
            "SCO",
        ),
        (
            "The CICA summit was held in Taraz today.\n\nIt was the first CICA summit since the Taraz summit of June 2025, "
            "said the UN envoy.",
            "Taraz summit",
            "CICA",
        ),
    ],
)
def test_a_summit_of_another_year_in_the_same_city(nlp, text, summit, org):
    spans = {s.text: s.attrs for s in extract(nlp, "t", text, {"published": "2031-06-24"}).spans if s.label == "SUMMIT"}
    assert spans[summit].org == org, spans


def test_a_summit_held_today_has_the_articles_date(nlp):
    text = "Baku, 15 October\n\nThe seventh summit of the Cooperation Council of Turkic Speaking States (Turkic Council) was held in Baku today."
    spans = {s.text: s.attrs for s in extract(nlp, "t", text, {"published": "2031-10-15"}).spans if s.label == "SUMMIT"}
    assert spans["seventh summit of the Cooperation Council of Turkic Speaking States"].date == "2031-10-15", spans


@pytest.mark.parametrize(
    "norm, expected",
    [
        ("2022-01/2022-09", True),  # "in January–September": a period of trade figures
        ("2020/2022", True),
        ("2024-06/2024-07", True),
        ("1992-06-03/1992-06-14", False),  # a conference of twelve days
        ("2024-06-30/2024-07-01", False),
        ("2024-07", False),
        ("2024-07-04", False),
        (None, False),
    ],
)
def test_longer_than_a_meeting(norm, expected):
    assert longer_than_a_meeting(norm) == expected


def test_a_period_of_months_in_its_sentence_does_not_date_a_summit(nlp):
    text = (
        "The Steppe Union leaders met in Taraz on 9 December.\n\n"
        "At the Taraz summit, the President noted that mutual trade grew by 12 percent in January–September."
    )
    record = extract(nlp, "d", text, {"published": "2031-12-09"})
    summit = next(s for s in record.spans if s.text == "Taraz summit")
    assert summit.attrs.date != "2031-01/2031-09"


def test_a_date_before_another_meeting_noun_does_not_date_the_summit(nlp):
    text = (
        "The Steppe Union summit was held in Taraz on 10 October.\n\n"
        "The President said at the Steppe Union summit that the union had proved useful, "
        "including at the 2021 jubilee meeting that marked its anniversary."
    )
    record = extract(nlp, "d", text, {"published": "2031-10-10"})
    summits = [s for s in record.spans if s.label == "SUMMIT"]
    assert summits[-1].text == "Steppe Union summit" and summits[-1].attrs.date != "2021"


@pytest.mark.parametrize(
    "published, other_summit, org",
    [
        ("2031-06-24", "", "SCO"),  # a news item about the SCO's summits: "the Kokshetau summit" is another of them
        ("2031", "", None),  # a speech ranges over many organizations' summits
        ("2031-06-24", " The CSTO summit met in Taraz.", None),  # two organizations' summits: no telling
    ],
)
def test_a_summit_named_by_its_city_in_a_news_item_about_one_organization(nlp, published, other_summit, org):
    text = (
        "The SCO summit was held in Tashkent on 23-24 June.\n\n"
        + "The leaders discussed trade, transport and security in the region. " * 4
        + "\n\nThe President recalled that the road transport agreement was signed at the Kokshetau summit in 2014."
        + other_summit
    )
    record = extract(nlp, "d", text, {"published": published})
    summit = next(s for s in record.spans if s.text == "Kokshetau summit")
    assert summit.attrs.org == org


def test_a_summit_named_by_its_year_in_a_news_item_about_one_organization(nlp):
    text = (
        "The SCO summit was held in Tashkent on 23-24 June.\n\n"
        + "The leaders discussed trade, transport and security in the region. " * 4
        + "\n\nThe 2030 summit, chaired by Freedonia, took place by video link."
    )
    record = extract(nlp, "d", text, {"published": "2031-06-24"})
    assert next(s for s in record.spans if s.text == "2030 summit").attrs.org == "SCO"


@pytest.mark.parametrize(
    "words, start, expected",
    [
        ("The New Delhi summit".split(), 2, 1),  # "New" alone is no name word
        ("at Rio de Janeiro summit".split(), 3, 1),
        ("the Delhi summit".split(), 1, 1),
        ("a new Taraz summit".split(), 2, 2),  # "new Taraz" is no city
        ("Delhi summit".split(), 0, 0),
    ],
)
def test_a_city_runs_into_the_summit_name(words, start, expected):
    cities = CityGazetteer(["New Delhi", "Delhi", "Rio de Janeiro", "Taraz"])
    assert cities.start_through(words, start) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # summit at tokens 0-3, the date last
        ("The Taraz summit was the first hosted by Steppe since it joined the union in 2017", True),
        ("The Taraz summit was the first since the pandemic , in 2017", False),  # past a comma: the summit's sentence again
        ("The first summit since the pandemic was held on 2017", False),  # the main verb closes the since-clause
        ("The Taraz summit opened before the ministers met in 2017", True),
        ("The Taraz summit opened in Taraz in 2017", False),
        # an after-clause dates the earlier event it names
        ("The Taraz summit was the second hosted by Steppe , after the one held in Taraz in 2017", True),
    ],
)
def test_a_date_in_a_since_clause_after_the_summit(sentence, expected):
    words = sentence.split()
    assert in_a_limiting_clause(words, 3, len(words) - 1) is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the summit the predicate of a main verb before it: a verb after `since` is the since-clause's own
        ("It was the first Steppe summit since Tuva 's withdrawal took effect in August", True),
        ("The first Steppe summit since the pandemic took place in August", False),
    ],
)
def test_a_since_clause_after_a_summit_that_is_a_predicate(sentence, expected):
    words = sentence.split()
    first = words.index("Steppe") - (1 if words[words.index("Steppe") - 1] == "first" else 0)
    assert in_a_limiting_clause(words, first + 3, len(words) - 1, a_predicate(words, first)) is expected


def test_a_summit_counted_since_an_earlier_event_has_not_its_date(nlp):
    text = "The Taraz summit, the third of the forum, was the first one hosted by Steppe since it joined the union in 2017."
    record = extract(nlp, "d", text, {"published": "2031-07-04"})
    summit = next(s for s in record.spans if s.text == "Taraz summit")
    assert summit.attrs.date != "2017"


@pytest.mark.parametrize(
    "after, expected",
    [
        (", the 23rd in the history of the organization ,", 23),
        (", the fifth in its history , opened", 5),
        (", the 25th , opened", 25),
        # counting something narrower than the summits of its series
        (", the first since 2019 , opened", None),
        (", the first in Central Asia , opened", None),
        (", the first of two this year", None),
        (", the Astana Declaration", None),
    ],
)
def test_an_apposition_that_numbers_the_summit(after, expected):
    assert apposition_ordinal(after.split()) == expected


@pytest.mark.parametrize("city", ["Khankendi", "Bodrum", "Gyumri"])
def test_summit_host_cities_the_gazetteer_lists(nlp, city):
    text = f"The 17th Summit of the Economic Cooperation Organization (ECO) was held in {city} today under the chairmanship of the host."
    record = extract(nlp, "d", text, {"published": "2031-07-04"})
    assert next(s for s in record.spans if s.label == "SUMMIT").attrs.place == city
