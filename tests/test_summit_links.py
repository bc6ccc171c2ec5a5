"""Which of the possible summits a document goes to (`summit_links`),
table-driven over plain mentions."""

from __future__ import annotations

import pytest

from kzextract.mention import Mention
from kzextract.pipeline import build_pipeline, extract
from kzextract.summit_links import continued_from, counted_since, own_city_first, summit_named_in_title


def _summit(**attrs):
    return Mention("SUMMIT", 0, 1, 0, 1, "summit", attrs=attrs)


def _document(text, **attrs):
    return Mention("DOCUMENT", 0, 1, 0, 1, text, attrs=attrs)


# possible summits in the order they were found, the document; the index of the one chosen
@pytest.mark.parametrize(
    "summits, document, expected",
    [
        # a title named after a city goes to the summit held there, over one held elsewhere named nearer
        ([_summit(place="Xi'an"), _summit(place="Jeddah")], _document("Jeddah Joint Statement"), 1),
        # ... but the nearest mention of the same summit stays when it states no place
        ([_summit(org="CICA"), _summit(org="CICA", place="Astana")], _document("Astana Declaration"), 0),
        # a title not named after a city: the first, its own organization's first
        ([_summit(place="Xi'an"), _summit(place="Jeddah")], _document("Joint Statement"), 0),
        ([_summit(), _summit(org="EAEU")], _document("Plan of Measures", org="EAEU"), 1),
    ],
)
def test_own_city_first(summits, document, expected):
    assert own_city_first(document, summits, list(range(len(summits)))) == expected


@pytest.mark.parametrize(
    "before, expected",
    [(["gathering", "since", "the"], True), (["first", "since"], True), (["at", "the"], False), (["the", "next"], False)],
)
def test_counted_since(before, expected):
    words = [*before, "summit"]
    summit = Mention("SUMMIT", 0, 1, len(before), len(words), "summit")
    assert counted_since(summit, words) is expected


@pytest.mark.parametrize("earlier", ["the 2029 summit in Osh", "the Osh summit"])
def test_a_list_does_not_go_to_a_summit_the_text_counts_from(earlier):
    text = (
        "TARAZ. The leaders met in Taraz on 15-16 September. "
        f"The Taraz Steppe Union summit was the first gathering of the leaders since {earlier}.\n\n"
        "The talks lasted two days.\n\n"
        "The heads of state signed the following documents:\n"
        "• Taraz Declaration of the Council of Heads of State of the Steppe Union;\n"
        "• On the chairmanship of the Republic of Tuva in the Steppe Union in 2031-2032."
    )
    record = extract(build_pipeline(), "d", text, {"published": "2031-09-16"})
    spans = {s.text: s for s in record.spans}
    reported = spans["Taraz Steppe Union summit"]
    if "2029" in earlier:
        assert spans["2029 summit"].attrs.date == "2029"  # the year it names, not the paragraph's days
    for title in ("Taraz Declaration of the Council of Heads of State of the Steppe Union",
                  "On the chairmanship of the Republic of Tuva in the Steppe Union in 2031-2032"):
        assert spans[title].attrs.summit == reported.id, title


def _named(text, start):
    return Mention("SUMMIT", start, start + len(text), 0, 1, text)


@pytest.mark.parametrize(
    "summits, expected",
    [
        ([_named("sixth Steppe summit", 0), _named("First Tuva – Steppe Summit", 10)], 1),  # the title holds its name
        ([_named("First Tuva – Steppe Summit", 10), _named("first Tuva – Steppe summit", 300)], 0),  # the nearest before
        ([_named("Steppe summit", 10)], None),  # a name of two words is not enough
        ([_named("Second Tuva – Steppe Summit", 10)], None),
    ],
)
def test_summit_named_in_title(summits, expected):
    document = Mention("DOCUMENT", 200, 260, 0, 1, "Joint Statement of the First Tuva – Steppe Summit")
    assert summit_named_in_title(document, summits, list(range(len(summits)))) == expected


def test_a_title_naming_a_summit_of_another_format_goes_to_it():
    text = (
        "TARAZ, 14 October – The first Tuva – Steppe summit took place in Taraz today.\n\n"
        "On 12-13 October Taraz hosted the sixth Steppe Union summit.\n\n"
        "Following the talks, the heads of state adopted the Joint Statement of the First Tuva – Steppe Summit."
    )
    spans = {s.text: s for s in extract(build_pipeline(), "d", text, {"published": "2031-10-14"}).spans}
    assert spans["Joint Statement of the First Tuva – Steppe Summit"].attrs.summit == spans["first Tuva – Steppe summit"].id


def _linked(label, start, summit=None):
    m = Mention(label, start, start + 5, 0, 1, label.lower())
    m.summit = summit
    return m


@pytest.mark.parametrize(
    "mentions, same_paragraph, expected",
    [
        ([_linked("SUMMIT", 0), _linked("DOCUMENT", 10, summit=0), _linked("DOCUMENT", 40)], True, 0),
        ([_linked("SUMMIT", 0), _linked("DOCUMENT", 10, summit=0), _linked("DOCUMENT", 40)], False, None),  # another paragraph
        ([_linked("SUMMIT", 0), _linked("DOCUMENT", 10, summit=0), _linked("SUMMIT", 20), _linked("DOCUMENT", 40)], True, None),
        ([_linked("SUMMIT", 0), _linked("DOCUMENT", 10), _linked("DOCUMENT", 40)], True, None),  # the one before has none
    ],
)
def test_continued_from(mentions, same_paragraph, expected):
    documents = [k for k, m in enumerate(mentions) if m.label == "DOCUMENT"]
    assert continued_from(documents[-1], mentions, documents, lambda a, b: same_paragraph) == expected


def test_texts_adopted_right_after_a_summits_texts_were_adopted_there():
    text = (
        "The 14th Summit of the Council of Heads of State of the Steppe Union was held in Taraz today.\n\n"
        + "The leaders then held talks on trade, transport and energy with the guests from the region and beyond. " * 8
        + "\n\nAs a result of the summit, the leaders signed the Taraz Declaration. "
        "They also approved the Regulations on the Steppe Council of Elders."
    )
    assert text.index("Regulations") - text.index("14th Summit") > 800  # further than a sentence looks back
    spans = {s.text: s for s in extract(build_pipeline(), "d", text, {"published": "2031-10-04"}).spans}
    summit = spans["14th Summit of the Council of Heads of State of the Steppe Union"].id
    assert spans["Taraz Declaration"].attrs.summit == summit
    assert spans["Regulations on the Steppe Council of Elders"].attrs.summit == summit


def test_a_headline_title_named_after_a_city_goes_to_the_summit_held_there():
    text = (
        "Steppe leaders adopt Taraz Declaration, Tuva takes over chairmanship\n\n"
        "TARAZ. The session of the Steppe Security Council took place in Taraz today.\n\n"
        + "The talks covered border security, trade and the fight against drug trafficking in the region. " * 6
        + "\n\nLukashenko, who hosted the Taraz summit, said the members faced new threats."
    )
    spans = {s.text: s for s in extract(build_pipeline(), "d", text, {"published": "2031-11-28"}).spans}
    assert spans["Taraz Declaration"].attrs.summit == spans["Taraz summit"].id


def test_a_title_named_after_a_city_goes_to_the_summit_held_there_without_an_adoption_verb():
    text = (
        "The 12th Steppe Union summit was held in Kokshetau on 14 June 2031.\n\n"
        + "The leaders discussed the common market, digital trade and the rules for transit of goods across the region. " * 8
        + "\n\nThe key outcome document was the Kokshetau Declaration, which sets out the priorities of the next decade."
    )
    spans = {s.text: s for s in extract(build_pipeline(), "d", text, {"published": "2031-06-20"}).spans}
    declaration = spans["Kokshetau Declaration"].attrs
    assert (declaration.summit, declaration.date) == (spans["12th Steppe Union summit"].id, "2031-06-14")


def test_a_text_signed_in_the_presence_of_the_leaders_goes_to_their_summit():
    text = (
        "The 9th Steppe Union summit was held in Taraz on 25 December 2031.\n\n"
        + "The leaders discussed the common market, digital trade and the rules for transit of goods across the region. " * 8
        + "\n\nThe Agreement on Free Trade between the Steppe Union and Tuva was signed in the presence of the leaders."
    )
    assert text.index("Agreement") - text.index("9th") > 800  # further than a sentence looks back
    spans = {s.text: s for s in extract(build_pipeline(), "d", text, {"published": "2031-12-25"}).spans}
    agreement = spans["Agreement on Free Trade between the Steppe Union and Tuva"].attrs
    assert (agreement.summit, agreement.date) == (spans["9th Steppe Union summit"].id, "2031-12-25")
