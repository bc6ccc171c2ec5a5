"""What a news item's headline and lead say about its summit (v2): the
organization of a headline's summit, and dates that belong to another
meeting. Over sentences written for these tests (the places and texts are
invented; the organizations are used only as names)."""

from __future__ import annotations

import pytest

from kzextract.pipeline import build_pipeline, extract


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _summits(nlp, text: str, published: str = "2031-05-12") -> list[tuple]:
    record = extract(nlp, "d", text, {"published": published})
    return [(s.text, s.attrs.org, s.attrs.date) for s in record.spans if s.label == "SUMMIT"]


@pytest.mark.parametrize(
    "headline, lead, org",
    [
        # past the colon the headline is about something else: the lead's organization
        (
            "Taraz summit: Freedonia joins the bank, SCO to close its office",
            "The meeting of the Conference on Interaction and Confidence Building Measures in Asia at the level of heads of state was held in Taraz today.",
            "CICA",
        ),
        # with none in the lead, the headline's own
        ("Taraz summit: CICA leaders adopt a declaration", "The leaders met in Taraz today and spoke about trade.", "CICA"),
        # in the summit's own clause, the headline's own, whatever the lead names
        (
            "SCO leaders gather for Taraz summit",
            "The meeting of the Conference on Interaction and Confidence Building Measures in Asia was held in Taraz today.",
            "SCO",
        ),
    ],
)
def test_a_headline_summit_takes_the_organization_of_its_clause_else_of_the_lead(nlp, headline, lead, org):
    summits = _summits(nlp, f"{headline}\n\n12 May 2031\n\n{lead}")
    assert summits[0][0] == "Taraz summit" and summits[0][1] == org


def test_a_headline_summit_is_of_no_organization_when_the_lead_names_it_without_one(nlp):
    text = (
        "First Freedonia – Central Asia Summit adopts Taraz Declaration\n\n12 May 2031\n\n"
        "The first Freedonia – Central Asia Summit was held by video today.\n\n"
        "The President recalled the sixth CICA summit in Astana."
    )
    summits = _summits(nlp, text)
    assert summits[0] == ("First Freedonia – Central Asia Summit", None, None)
    assert summits[-1][1] == "CICA"


@pytest.mark.parametrize(
    "sentence, date",
    [
        # "…, which began at the Kokshetau session in November 2030": that session's date
        ("The President said that the Taraz summit completed the chairmanship, which began at the Kokshetau session in November 2030.", None),
        ("The Taraz summit closed the year that began at the Kokshetau meeting on 3 January.", None),
        # a meeting noun that is the summit's own, or not named by a city, keeps its date
        ("The Taraz summit, the first meeting in 2031 of the leaders, closed early.", "2031"),
        ("The Taraz summit on 8 May 2031 closed early.", "2031-05-08"),
    ],
)
def test_a_date_after_a_meeting_named_by_its_city_is_that_meetings(nlp, sentence, date):
    summits = _summits(nlp, f"Leaders of the SCO met in Taraz.\n\n{sentence}", published="2031-05-12")
    assert summits[-1][0] == "Taraz summit" and summits[-1][2] == date


def test_a_list_does_not_go_to_the_earlier_summit_its_introduction_counts_from(nlp):
    text = (
        "EAEU summit in Taraz approves grain plan\n\n"
        "TARAZ – A meeting of the Supreme Eurasian Economic Council was held in Taraz on 31 May.\n\n"
        "It was the first meeting of the leaders in Taraz since the Taraz summit of May 2029, where the Treaty on the Grain Union was signed.\n\n"
        "The heads of state signed a package of decisions:\n\n"
        "• To approve the Grain Plan of the Eurasian Economic Union until 2040;\n"
        "• On the chairmanship of the Republic of Freedonia in 2032."
    )
    record = extract(nlp, "d", text, {"published": "2031-05-31"})
    summits = {s.id: s for s in record.spans if s.label == "SUMMIT"}
    headline = next(s for s in summits.values() if s.text == "EAEU summit")
    assert headline.attrs.date != "2029-05"
    items = [s for s in record.spans if s.label == "DOCUMENT" and s.text.startswith(("Grain Plan", "On the chairmanship"))]
    assert len(items) == 2
    assert all(s.attrs.summit == headline.id and s.attrs.date == "2031-05-31" for s in items)


def test_a_date_of_the_event_before_or_after_a_summit_is_not_its(nlp):
    summits = _summits(nlp, "The Taraz summit was preceded on 8 October by a session of the heads of government. The Kokshetau summit was followed in May by a forum.")
    assert [date for _, _, date in summits] == [None, None]


def test_a_summit_takes_no_date_from_a_sentence_about_a_summit_elsewhere(nlp):
    text = "Leaders of the SCO met first at the founding summit in Kokshetau in June 2021. The Taraz summit changed that, if slowly."
    summits = _summits(nlp, text, published="2031-05-12")
    assert summits[-1][0] == "Taraz summit" and summits[-1][2] is None


@pytest.mark.parametrize(
    "title, org",
    [
        # a paragraph that names no organization but in its texts' titles
        ("Agreement on the Status of IFAS and Its Organizations", "IFAS"),
        # … not the UN, whose Charter every organization's texts name
        ("Declaration on the Principles of the UN Charter", None),
    ],
)
def test_a_summit_named_by_its_city_takes_the_organization_its_texts_name(nlp, title, org):
    text = f"The Fund was set up long ago.\n\nIts legal basis was completed at the Taraz summit of April 2029, where the heads of state signed the {title}."
    summits = _summits(nlp, text, published="2031-05-12")
    assert summits[0][0] == "Taraz summit" and summits[0][1] == org


@pytest.mark.parametrize(
    "after, date",
    [
        ("the first text agreed since the Taraz summit of 2019.", "2027-12-01/2027-12-02"),  # the other summit's year
        ("the first text agreed since 2019.", "2027-12-01/2027-12-02"),  # a limit, not a day
    ],
)
def test_a_date_that_an_apposition_gives_another_summit_does_not_date_the_text(nlp, after, date):
    text = (
        "The ministers met in Taraz on 4 December 2031.\n\n"
        f"He recalled that four years ago the SCO Kokshetau Summit of 1-2 December 2027 adopted the Kokshetau Commemorative Declaration, {after}"
    )
    record = extract(nlp, "d", text, {"published": "2031-12-05"})
    summits = {s.text: s for s in record.spans if s.label == "SUMMIT"}
    declaration = next(s for s in record.spans if s.text == "Kokshetau Commemorative Declaration")
    assert declaration.attrs.summit == summits["SCO Kokshetau Summit"].id
    assert declaration.attrs.date == date


def test_an_adopted_list_goes_to_the_summit_named_after_it_when_those_before_are_earlier_ones(nlp):
    text = (
        "Leaders of Central Asia met in Taraz\n\n6 August 2031\n\n"
        "The heads of state met in Taraz today, for the first time since the Kokshetau summit of November 2029.\n\n"
        "The following documents were adopted: the Joint Statement on Water Security; and the decision on a Council of Regional Cooperation.\n\n"
        + "The President said the talks on water, trade, transport, energy, culture and youth were useful and should go on. " * 6
        + "\n\nThe Taraz summit, he said, showed that the region can act together."
    )
    record = extract(nlp, "d", text, {"published": "2031-08-06"})
    taraz = next(s for s in record.spans if s.text == "Taraz summit")
    statement = next(s for s in record.spans if s.text == "Joint Statement on Water Security")
    assert statement.attrs.summit == taraz.id


def test_the_date_opening_a_list_introduction_dates_its_items(nlp):
    text = (
        "05.12.2031 | 18:20\n\n"
        "TARAZ – The ministers of the OSCE ended two days of talks in Taraz today.\n\n"
        "The delegation was headed by the minister.\n\n"
        "On 4-5 December the Ministerial Council adopted, among others:\n\n"
        "1. Ministerial Declaration on Steppe Water Security;\n"
        "2. Decision on the OSCE Chairmanship in 2034."
    )
    record = extract(nlp, "d", text, {"published": "2031-12-05"})
    items = [s for s in record.spans if s.label == "DOCUMENT"]
    assert len(items) == 2 and all(s.attrs.date == "2031-12-04/2031-12-05" for s in items)


@pytest.mark.parametrize(
    "lead",
    [
        # a host city's verb; a body's long name between the verb and "today"
        "Taraz hosted a session of the Collective Security Council of the Collective Security Treaty Organization today, with the participation of the President.",
        "The President took part in a meeting of the Council of Heads of Government of the Commonwealth of Independent States held in Taraz today.",
    ],
)
def test_a_list_of_the_meeting_held_today_takes_the_dateline_day_past_a_repeated_headline(nlp, lead):
    headline = "The President of Kazakhstan takes part in the session of the Collective Security Council in Taraz"
    text = (
        f"{headline}\n\n20 December 2031\n\nPhoto: Akorda\n\n{headline}\n\n{lead}\n\n"
        "At the end of the session the heads of state signed:\n\n"
        "• the Protocol on the deployment of air defence units;\n"
        "• a decision on the chairmanship in 2032."
    )
    items = [s for s in extract(nlp, "d", text, {}).spans if s.label == "DOCUMENT"]
    assert [s.attrs.date for s in items] == ["2031-12-20", "2031-12-20"]


def test_an_item_naming_an_organization_as_its_topic_does_not_outvote_the_list(nlp):
    text = (
        "The leaders met in Taraz today.\n\nThe heads of state signed:\n\n"
        "• the Protocol on the military infrastructure of the CSTO member states;\n"
        "• the Regulations on the response to crisis situations;\n"
        "• a decision on the plan of joint actions of the CSTO member states;\n"
        "• the statement on the twentieth anniversary of the Commonwealth of Independent States;\n"
        "• a decision on the chairmanship of the CSTO in 2032."
    )
    record = extract(nlp, "d", text, {"published": "2031-12-20"})
    orgs = {s.text: s.attrs.org for s in record.spans if s.label == "DOCUMENT"}
    assert orgs["Regulations on the response to crisis situations"] == "CSTO"
