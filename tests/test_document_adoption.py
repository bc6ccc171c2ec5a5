"""Where a document's date and adopting summit come from when the summit
being reported is not the whole story (ANNOTATION.md: `date` is the date of
adoption or signature): table-driven over texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzextract.pipeline import build_pipeline, extract
from kzextract.mention import Mention
from kzextract.shared_attrs import share_list_summit, two_party
from kzextract.title_tokens import founds_the_org
from kzextract.summit_links import adopted_at_that_summit, adopted_at_the_previous_summit
from kzextract.adopters import adopted_by_body_words
from kzextract.adoption import held_today_in_lead, recalled_after, refers_back_to_a_meeting
from kzextract.document_orgs import short_name_org
from kzextract.layout import Layout
from kzextract.textview import paragraph_starts


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _links(nlp, text: str, published: str) -> list[tuple]:
    """(adopting summit's text, org) of each DOCUMENT."""
    record = extract(nlp, "d", text, {"published": published})
    summits = {s.id: s.text for s in record.spans if s.label == "SUMMIT"}
    return [(summits.get(s.attrs.summit), s.attrs.org) for s in record.spans if s.label == "DOCUMENT"]


def _document(nlp, text: str, published: str, title: str):
    found = [s for s in extract(nlp, "d", text, {"published": published}).spans if s.label == "DOCUMENT" and s.text == title]
    assert found, title
    return found[0]


@pytest.mark.parametrize(
    "text, title, date",
    [
        # a date opening the clause whose verb adopts the text is the adoption date, not the summit's range
        (
            "The Steppe summit was held in Kokshetau on 4-6 November. On 3 November, the Board of the Steppe Fund met in Taraz and approved the Work Plan of the Secretariat.",
            "Work Plan of the Secretariat",
            "2031-11-03",
        ),
        (
            "The Second Steppe Summit was held in Kokshetau on 4-6 November. On 4 November the participants adopted the Kokshetau Political Declaration.",
            "Kokshetau Political Declaration",
            "2031-11-04",
        ),
        (
            "The Steppe summit was held in Kokshetau on 4-6 November. On 5 November, the heads of state signed the Treaty on Eternal Friendship.",
            "Treaty on Eternal Friendship",
            "2031-11-05",
        ),
        (
            "The heads of state met in Kokshetau. Three years ago, in 2028, the Steppe Council adopted the Concept of Water Security.",
            "Concept of Water Security",
            "2028",
        ),
        # an organization's name is one word of the subject, however long
        (
            "The Steppe summit was held in Kokshetau on 4-6 November. Ten years ago, on 22 October 2021, the foreign ministers of the member states of the "
            "Conference on Interaction and Confidence Building Measures in Asia met in Taraz for their second meeting and adopted the Catalogue of Steppe Measures.",
            "Catalogue of Steppe Measures",
            "2021-10-22",
        ),
        # … but past a few words a held-clause's date is that meeting's, not the adoption's
        (
            "The Steppe summit was held in Kokshetau on 4-6 November. The first special session, held in 2029, became the first step on the long road "
            "towards the great conference of all the Steppe states that adopted the Steppe Act.",
            "Steppe Act",
            None,
        ),
        # a date opening a clause that only means to adopt the text is not its date
        (
            "The Steppe summit was held in Kokshetau on 4-6 November. On 21 September, we communicated our decision to sign the Steppe Act.",
            "Steppe Act",
            "2031-11-04/2031-11-06",
        ),
        # a date opening the clause whose passive verb adopts the title
        (
            "The Steppe summit was held in Kokshetau on 4-6 November. In July 2030, a roadmap for the Steppe priorities for 2030-2031 was signed.",
            "roadmap for the Steppe priorities for 2030-2031",
            "2030-07",
        ),
        # the date of the meeting that adopts the text, in its ", held … on <date>," clause
        (
            "The Steppe summit was held in Kokshetau on 4-6 November. The previous session of the Council, held by videoconference "
            "on 11 December 2030, had adopted the Concept of Water Security.",
            "Concept of Water Security",
            "2030-12-11",
        ),
        # a date inside the subject's own clause dates that clause, not this verb
        (
            "The Steppe summit was held in Kokshetau on 4-6 November. The resolution adopted by the council on 2 November endorses the Treaty on Eternal Friendship.",
            "Treaty on Eternal Friendship",
            "2031-11-04/2031-11-06",
        ),
        # a date in the phrase that opens the sentence with its meeting
        ("The Steppe summit was held in Kokshetau on 4-6 November. At their Taraz session on 10 December 2030, the heads of state signed the Protocol on Grain Reserves.",
         "Protocol on Grain Reserves", "2030-12-10"),
        # `on <date>` right after a title its clause signs
        ("The Steppe summit was held in Kokshetau on 4-6 November. Earlier, the two ministers signed the Grain Corridor Agreement on 11 April 2030.",
         "Grain Corridor Agreement", "2030-04-11"),
        # "the same day as" a title: the day dated before it in its sentence
        ("The Steppe summit was held in Kokshetau on 4-6 November. The Grain Convention was signed on 15 June 2001, the same day as the Declaration on the Steppe Fund.",
         "Declaration on the Steppe Fund", "2001-06-15"),
    ],
)
def test_a_date_opening_the_adopting_clause_dates_the_document(nlp, text, title, date):
    assert _document(nlp, text, "2031-11-07", title).attrs.date == date


@pytest.mark.parametrize(
    "after_title, expected",
    [
        (", adopted at the previous summit.", True),
        (" signed at the last summit in Kokshetau", True),
        (", adopted at the summit.", False),
        (", adopted at the previous meeting of ministers", False),
        (" will be adopted at the next summit", False),
    ],
)
def test_adopted_at_the_previous_summit(after_title, expected):
    words = ["the", "Kokshetau", "Statement", *after_title.replace(",", " ,").replace(".", " .").split()]
    assert adopted_at_the_previous_summit(words, 3) is expected


def test_a_document_adopted_at_the_previous_summit_takes_the_earlier_summit_named(nlp):
    text = (
        "Delegations reviewed the decisions of the sixth Steppe summit, held in Kokshetau in October 2028, and the preparations "
        "for the VII Steppe Summit, which Oman will host in Muscat in 2032. The secretary briefed them on the implementation of "
        "the Kokshetau Statement on Water, adopted at the previous summit."
    )
    record = extract(nlp, "d", text, {"published": "2031-05-14"})
    document = next(s for s in record.spans if s.label == "DOCUMENT")
    summit = next(s for s in record.spans if s.id == document.attrs.summit)
    assert (summit.text, document.attrs.date) == ("sixth Steppe summit", "2028-10")


def test_a_summit_yet_to_come_in_the_lead_does_not_date_the_drafts_prepared_for_it(nlp):
    text = (
        "Ministers agree drafts for Kokshetau summit\n\n21 May 2031 15:40\n\n"
        "KOKSHETAU – The Council of Foreign Ministers of the Steppe Organization met in Kokshetau on Tuesday.\n\n"
        "The ministers reviewed preparations for the 9th Steppe summit, which will be held in Kokshetau on 3-4 July.\n\n"
        "The package includes the draft Kokshetau Declaration; the draft Steppe Development Strategy until 2045; "
        "and a draft decision on the chairmanship in 2032."
    )
    record = extract(nlp, "d", text, {})
    documents = {s.text: s.attrs for s in record.spans if s.label == "DOCUMENT"}
    assert documents and all(a.date is None and a.summit is None for a in documents.values()), documents


def _summit(attrs):
    return Mention("SUMMIT", 0, 1, 0, 1, "summit", attrs=dict(attrs))


def _item(summit, attrs=None):
    return Mention("DOCUMENT", 0, 1, 0, 1, "item", rule="list-item", attrs=dict(attrs or {}), summit=summit)


EAEU_MINSK = {"org": "EAEU", "place": "Minsk", "date": "2031-06-27"}
OTHER_ASTANA = {"place": "Astana", "date": "2031-06-17"}


# summits (indices 0 and 1), then the list items as (linked summit, attrs); expected (summit, date, org) per item
@pytest.mark.parametrize(
    "summits, items, expected",
    [
        # most items link to the EAEU summit: the one drawn to another summit named nearer takes it, with its date and org
        (
            [EAEU_MINSK, OTHER_ASTANA],
            [(0, {"org": "EAEU", "date": "2031-06-27"}), (1, {"date": "2031-06-17"}), (0, {"org": "EAEU", "date": "2031-06-27"})],
            [(0, "2031-06-27", "EAEU"), (0, "2031-06-27", "EAEU"), (0, "2031-06-27", "EAEU")],
        ),
        # no majority: nothing moves
        (
            [EAEU_MINSK, OTHER_ASTANA],
            [(0, {"org": "EAEU"}), (1, {})],
            [(0, None, "EAEU"), (1, None, None)],
        ),
        # two mentions that may be one summit: the nearest mention stays
        (
            [EAEU_MINSK, {"org": "EAEU"}],
            [(0, {"org": "EAEU"}), (1, {"org": "EAEU"}), (0, {"org": "EAEU"})],
            [(0, None, "EAEU"), (1, None, "EAEU"), (0, None, "EAEU")],
        ),
        # an item with no link (a draft) stays unlinked
        (
            [EAEU_MINSK, OTHER_ASTANA],
            [(0, {"org": "EAEU"}), (None, {}), (0, {"org": "EAEU"})],
            [(0, None, "EAEU"), (None, None, None), (0, None, "EAEU")],
        ),
    ],
)
def test_share_list_summit(summits, items, expected):
    mentions = [_summit(a) for a in summits] + [_item(s, a) for s, a in items]
    share_list_summit(mentions)
    assert [(m.summit, m.attrs.get("date"), m.attrs.get("org")) for m in mentions[len(summits) :]] == expected


def test_an_item_without_an_organization_keeps_to_its_lists_summit(nlp):
    text = (Path(__file__).parent / "data" / "list_summit.txt").read_text(encoding="utf-8")
    record = extract(nlp, "d", text, {"published": "2031-06-27"})
    summits = {s.id: s.text for s in record.spans if s.label == "SUMMIT"}
    links = [summits.get(s.attrs.summit) for s in record.spans if s.label == "DOCUMENT"]
    assert links == ["EAEU summit"] * 3


@pytest.mark.parametrize(
    "when, date",
    [
        ("met on Friday", None),  # the dateline is when the item was written
        ("met in Kokshetau today", "2031-05-24"),  # "today" makes it the meeting's day
    ],
)
def test_an_inline_dateline_dates_the_meeting_only_when_it_says_today(nlp, when, date):
    text = (
        f"KOKSHETAU, May 24. /Steppe News/. The Council of Heads of Government of the Steppe Union {when}.\n\n"
        "Following the meeting, 12 documents were adopted, including the Concept of Cooperation in Digital Development; "
        "and the plan of priority measures for 2032 in the field of transport."
    )
    record = extract(nlp, "d", text, {"published": "2031-05-24"})
    dates = [s.attrs.date for s in record.spans if s.label == "DOCUMENT"]
    assert dates == [date, date]


@pytest.mark.parametrize(
    "title, org_words, expected",
    [
        ("Treaty on the Eurasian Economic Union", "Eurasian Economic Union", True),
        ("2014 Treaty on the Eurasian Economic Union", "Eurasian Economic Union", True),
        ("Agreement on the Establishment of the Steppe Language Institute", "Steppe Language Institute", True),
        ("Agreement Establishing the Steppe Bank", "Steppe Bank", True),
        # a declaration of the organization, its charter, a text on a topic of it: its own
        ("Declaration on the Establishment of the Shanghai Cooperation Organization", "Shanghai Cooperation Organization", False),
        ("Charter of the Collective Security Treaty Organization", "Collective Security Treaty Organization", False),
        ("Treaty on Cooperation of the Steppe Union in Water Management", "Steppe Union", False),
        # acceding to the founding treaty founds nothing
        ("Treaty on the Accession of Freedonia to the Treaty on the Steppe Union", "Steppe Union", False),
        ("Protocol on Amendments to the Agreement on the Establishment of the Steppe Bank", "Steppe Bank", False),
    ],
)
def test_founds_the_org(title, org_words, expected):
    words = title.split()
    org = org_words.split()
    start = next(i for i in range(len(words)) if words[i : i + len(org)] == org)
    assert founds_the_org(words, 0, start, start + len(org), len(words)) is expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("memorandum of understanding between the SCO Secretariat and the Eurasian Economic Commission", True),
        ("Free Trade Agreement between the Eurasian Economic Union and its Member States, of the one part, and Serbia", True),
        ("Declaration of Principles Governing Relations between the CICA Member States", False),
        ("Astana Declaration", False),
    ],
)
def test_two_party(title, expected):
    assert two_party(title) is expected


def test_a_treaty_signed_years_before_is_not_the_summits_but_keeps_its_organization(nlp):
    text = (
        "The CICA summit in Kokshetau was attended by the presidents of the member states. Kuwait, which signed the "
        "Declaration on the Steppe Principles of 1999 and the Kokshetau Act of 2002, joined the CICA."
    )
    record = extract(nlp, "d", text, {"published": "2031-06-14"})
    documents = {s.text: s.attrs for s in record.spans if s.label == "DOCUMENT"}
    assert [(a.summit, a.date, a.org) for a in documents.values()] == [(None, "1999", "CICA"), (None, "2002", "CICA")]


@pytest.mark.parametrize(
    "sentence, proposed",
    [
        ("Tokayev proposed to develop the Concept of Steppe Partnership at the summit.", True),
        ("He called for a Programme of Steppe Cooperation to be drawn up.", True),
        ("He suggested that the Secretariat prepare a Strategy of the Union for 2032-2036.", True),
        ("Erdogan proposed drafting a Programme of Steppe Cooperation in Tourism.", True),
        ("The two ministries agreed to prepare a memorandum on cooperation in solar energy by the end of the year.", True),
        # a text proposed at the summit that adopted it, or adopted after the proposal
        ("At the summit, Kazakhstan proposed the Astana Statement on Transformation.", False),
        ("The leaders proposed changes and then adopted the Steppe Declaration.", False),
    ],
)
def test_proposed_texts_are_not_adopted_yet(nlp, sentence, proposed):
    text = "The Steppe summit was held in Kokshetau on 3 July 2031. " + sentence
    record = extract(nlp, "d", text, {"published": "2031-07-04"})
    document = next(s for s in record.spans if s.label == "DOCUMENT")
    assert (document.attrs.summit is None and document.attrs.date is None) is proposed


def test_documents_of_a_summit_the_text_does_not_date_take_the_lead_date(nlp):
    text = (
        "Steppe leaders adopt Kokshetau Declaration\n\n"
        "KOKSHETAU – The meeting of the Council of Heads of State of the Steppe Union was held in Kokshetau on June 9-10.\n\n"
        "The 18th Steppe summit was the first to be attended by eight members.\n\n"
        "Following the summit, the leaders signed 17 documents, among them the Kokshetau Declaration of the Council; "
        "the Action Plan for 2031-2035 for the implementation of the Treaty on Friendship; the Steppe Water Strategy for 2031-2040."
    )
    record = extract(nlp, "d", text, {"published": "2031-06-10"})
    dates = {s.text: s.attrs.date for s in record.spans if s.label == "DOCUMENT"}
    assert dates["Steppe Water Strategy for 2031-2040"] == "2031-06-09/2031-06-10", dates


def test_a_summit_named_paragraphs_before_must_be_of_the_documents_organization(nlp):
    text = (
        "The President recalled the first Steppe – Lake summit, held in Kokshetau in May 2031.\n\n"
        "The meeting of the Supreme Eurasian Economic Council was held in Moscow. The package includes:\n\n"
        "1. On the Main Directions of the Macroeconomic Policy of the Eurasian Economic Union for 2032;\n"
        "2. On the report on the Industrial Cooperation within the Eurasian Economic Union."
    )
    record = extract(nlp, "d", text, {"published": "2031-12-25"})
    assert [(s.attrs.org, s.attrs.summit) for s in record.spans if s.label == "DOCUMENT"] == [("EAEU", None), ("EAEU", None)]


@pytest.mark.parametrize(
    "text, title, date",
    [
        # past a bracketed acronym, and a long adoption clause
        ("He recalled that the Programme of Actions for the Steppe Basin for 2031-2040 (SBP-4) was approved by the Board in 2031.",
         "Programme of Actions for the Steppe Basin for 2031-2040", "2031"),
        ("The Forum works under the Regulations on the Steppe Think Tank Forum, approved by the Ministerial Council of the Union in Taraz on 12 October 2030.",
         "Regulations on the Steppe Think Tank Forum", "2030-10-12"),
        # a headline's title does not take the dateline below it
        ("Leaders adopt Kokshetau Declaration, approve strategy\n\nKOKSHETAU, Nov. 11. By Aigerim Sadykova – Trend:\n\nThe leaders met on Friday.",
         "Kokshetau Declaration", None),
    ],
)
def test_the_date_of_an_adoption_clause_after_the_title(nlp, text, title, date):
    assert _document(nlp, text, "2031-11-12", title).attrs.date == date


# a text, its publication date; (adopting summit, org) of each DOCUMENT
@pytest.mark.parametrize(
    "text, published, expected",
    [
        # a list's organization chooses its summit before its items that name none
        (
            "Leaders of the Commonwealth of Independent States gathered in Dushanbe on 28 September for the summit of the Council of CIS Heads of State.\n\n"
            "Berdimuhamedov, who hosted the IFAS summit in Turkmenbashi in August, called for joint efforts.\n\n"
            "Following the talks, the heads of state signed 14 documents. Among them:\n\n"
            "1. Statements on Combating International Terrorism;\n"
            "2. To approve the Interstate Programme of Joint Measures to Combat Crime for 2031-2035;\n"
            "3. On the chairmanship of Turkmenistan in the Commonwealth of Independent States in 2032.",
            "2031-09-28",
            [("summit of the Council of CIS Heads of State", "CIS")] * 3,
        ),
        # a list adopted by a ministers' body: its organization, no summit
        (
            "The OSCE Ministerial Council met in Stockholm on 2-3 December 2031, a day after the OSCE summit "
            "held in Astana on 1 December 2031.\n\n"
            "At the end of the meeting, the Ministerial Council adopted the following documents:\n"
            "Decision on Strengthening Co-operation on Climate Change;\n"
            "Ministerial Declaration on Countering Trafficking in the Digital Era.",
            "2031-12-03",
            [(None, "OSCE")] * 2,
        ),
        # a ministers' body that "met in … and approved" the texts: no summit
        (
            "The CSTO summit was held in Dushanbe on 16 September 2031. A day earlier, the Council of Foreign Ministers of the "
            "CSTO met in Dushanbe, adopted a statement on the situation in Afghanistan and approved the plan of consultations "
            "of the foreign ministers for 2032-2033.",
            "2031-09-16",
            [(None, "CSTO"), (None, "CSTO")],
        ),
        # "Among them are …" lists them; an undated summit is judged by the nearest dated mention it may be
        (
            "The 25th summit of the Shanghai Cooperation Organization (SCO) was held in Ufa on July 9-10.\n\n"
            "It was the first SCO summit hosted by Russia since 2019.\n\n"
            "Following the summit, the leaders signed and approved 23 documents. Among them are the Ufa Declaration of the "
            "Heads of State; the SCO Water Strategy until 2040.\n\n"
            "Tashkent will host the SCO summit in June 2032.",
            "2031-07-10",
            [("first SCO summit", "SCO")] * 2,
        ),
        # a summit recalled in a month that ended long before the article adopted nothing in it,
        # although the sentence's title holds the word summit
        (
            "KOKSHETAU – The first summit of the heads of state of the Steppe countries and the President of Korea was held in "
            "Kokshetau today.\n\n"
            "It follows the Steppe – Japan summit in Osaka in March and the talks with Canada.\n\n"
            "Following the talks, the leaders adopted the Joint Declaration of the Kokshetau Summit on Steppe Partnership.",
            "2031-09-29",
            [("first summit of the heads of state of the Steppe countries and the President of Korea", None)],
        ),
    ],
)
def test_the_summit_and_organization_of_listed_documents(nlp, text, published, expected):
    assert _links(nlp, text, published) == expected


def test_one_title_written_with_an_acronym_and_with_the_full_name_shares_its_attributes(nlp):
    text = (
        "The CSTO summit was held in Yerevan on 14 October 2031. The heads of state adopted the following documents:\n"
        "– To approve the Collective Security Strategy of the Collective Security Treaty Organization for the period up to 2045;\n"
        "– On the chairmanship in the Collective Security Treaty Organization in 2032.\n\n"
        "Putin said that the Collective Security Strategy of the CSTO for the period up to 2045 sets out the priorities."
    )
    record = extract(nlp, "d", text, {"published": "2031-10-14"})
    strategies = [s.attrs for s in record.spans if s.label == "DOCUMENT" and s.text.startswith("Collective Security Strategy")]
    assert len(strategies) == 2 and strategies[1].date == strategies[0].date == "2031-10-14", strategies


@pytest.mark.parametrize(
    "after_title, expected",
    [(", adopted at that summit, remained the basis", True), (" signed at this summit", True), (", adopted at the summit", False), (", adopted at that time", False)],
)
def test_adopted_at_that_summit(after_title, expected):
    words = ["the", "Astana", "Declaration", *after_title.replace(",", " ,").split()]
    assert adopted_at_that_summit(words, 3) is expected


# a text; the words that start the summit it goes to (last occurrence), and its date
@pytest.mark.parametrize(
    "text, published, summit_at, date",
    [
        # "adopted at the previous summit in June 2030": the phrase's own summit mention
        (
            "The leaders met at the Steppe summit in Kokshetau on 13-14 June. They reviewed the implementation "
            "of the Taraz Declaration, adopted at the previous summit in June 2030.",
            "2031-06-14",
            "summit in June",
            "2030-06",
        ),
        # ", where the leaders adopted …": the summit the clause is of
        (
            "The Steppe summit was held in Kokshetau on 24 June 2031. The memorandums complete the procedure launched at the "
            "previous summit in Taraz in July 2030, where the leaders adopted the decision on launching the procedure of admission of Tuva.",
            "2031-06-24",
            "summit in Taraz",
            "2030-07",
        ),
        # "adopted at that summit": the summit named just before, however long ago
        (
            "He recalled the OSCE summit held in Astana on 1-2 December 2010. The Astana Commemorative Declaration, "
            "adopted at that summit, remained the basis of the organization's work.",
            "2031-12-03",
            "OSCE summit",
            "2010-12-01/2010-12-02",
        ),
    ],
)
def test_a_recalled_text_goes_to_the_summit_its_clause_names(nlp, text, published, summit_at, date):
    record = extract(nlp, "d", text, {"published": published})
    document = next(s for s in record.spans if s.label == "DOCUMENT")
    summit = next(s for s in record.spans if s.id == document.attrs.summit)
    assert (summit.start, document.attrs.date) == (text.rindex(summit_at), date)


def test_a_text_expected_at_a_summit_in_a_where_clause_is_not_adopted_there(nlp):
    text = (
        "The President invited the Secretary-General to the Sixth Steppe Summit in Taraz on 12-13 October, where the member "
        "states are expected to adopt a statement on the transformation of the Steppe Forum."
    )
    document = next(s for s in extract(nlp, "d", text, {"published": "2031-09-20"}).spans if s.label == "DOCUMENT")
    assert (document.attrs.summit, document.attrs.date) == (None, None)


@pytest.mark.parametrize(
    "text, title, org, summit_at",
    [
        # the body named in "adopted by the …" after the title adopted it
        ("He recalled the Universal Declaration on a Steppe Free of Weapons, adopted by the General Assembly on 7 December 2030.",
         "Universal Declaration on a Steppe Free of Weapons", "UNGA", None),
        # ... also over the organization a title names, when the body is its organ
        ("He recalled the United Nations Declaration on Steppe Herders, adopted by the General Assembly on 7 December 2030.",
         "United Nations Declaration on Steppe Herders", "UNGA", None),
        # the summit named in "signed at the …" after the title is where it was adopted
        ("At the SCO summit in Astana on 4 July 2031, he urged the partners to bring into force the Agreement on Road "
         "Transport Facilitation, signed at the Dushanbe summit.",
         "Agreement on Road Transport Facilitation", None, "Dushanbe summit"),
    ],
)
def test_the_adopter_named_in_the_phrase_after_a_title(nlp, text, title, org, summit_at):
    record = extract(nlp, "d", text, {"published": "2031-07-05"})
    document = next(s for s in record.spans if s.label == "DOCUMENT" and s.text == title)
    summits = {s.id: s.text for s in record.spans if s.label == "SUMMIT"}
    assert (document.attrs.org if org else None, summits.get(document.attrs.summit)) == (org, summit_at)


BODIES = frozenset({"ministers", "officials", "board"})
VERBS = frozenset({"adopted", "approved", "signed"})


@pytest.mark.parametrize(
    "clause, expected",
    [
        ("Among the documents adopted by the ministers are the", True),
        ("the texts approved by the senior officials include", True),
        ("the plan signed by its board", True),
        # the adopter is the leaders, or no body is named, or the verb is not an adoption
        ("Among the documents adopted by the leaders are the", False),
        ("the documents adopted at the meeting of ministers", False),
        ("the documents prepared by the ministers", False),
        # the body word must stand in the by-phrase itself
        ("the texts adopted by the summit , which the ministers", False),
    ],
)
def test_adopted_by_body_words(clause, expected):
    assert adopted_by_body_words(clause.split(), VERBS, BODIES) is expected


def test_a_list_adopted_by_the_ministers_is_not_the_summits_named_before(nlp):
    text = (
        "The Steppe Council of Foreign Ministers met in Turan on 3-4 March 2031. "
        "The ministers recalled the Steppe Summit of May 2029 and the declaration adopted there.\n\n"
        "Among the documents adopted by the ministers are the Declaration on Water Cooperation and "
        "the decision on the chairmanship in 2032.\n"
    )
    links = _links(nlp, text, "2031-03-05")
    assert links and all(summit is None for summit, _ in links[-2:])


@pytest.mark.parametrize(
    "text, published_day, expected",
    [
        ("Council session\n\nA session of the Steppe Council took place in Turan today. The leaders talked.", "2031-03-05", "2031-03-05"),
        ("A meeting of the ministers was held in Turan today.", "2031-03-05", "2031-03-05"),
        # no meeting held today, or not in the lead, or no day to give
        ("The president said today that the Steppe Council would meet.", "2031-03-05", None),
        ("A session of the Steppe Council took place in Turan on Monday.", "2031-03-05", None),
        (
            "The leaders of the Steppe states have long worked on a shared water plan for the region.\n\n"
            "Their experts have discussed it for years at many expert meetings across the region.\n\n"
            "A session of the Steppe Council took place in Turan today.",
            "2031-03-05",
            None,
        ),
        # a leader's part in the meeting today puts the meeting on that day
        ("President Aliyev today took part in the meeting of the Steppe Council, held by videoconference.", "2031-03-05", "2031-03-05"),
        ("President Aliyev took part today in the meeting of the Steppe Council.", "2031-03-05", "2031-03-05"),
        ("A session of the Steppe Council took place in Turan today.", "2031-03", None),
        ("A session of the Steppe Council took place in Turan today.", None, None),
    ],
)
def test_held_today_in_lead(text, published_day, expected):
    assert held_today_in_lead(Layout(text, paragraph_starts(text)), published_day) == expected


def test_what_a_session_held_today_adopted_takes_the_articles_day(nlp):
    text = (
        "Steppe Council session\n\n"
        "A session of the Steppe Council took place in Turan today. The heads of state discussed water.\n\n"
        "Following the session, the Steppe Council adopted the Declaration on Water Cooperation.\n"
    )
    assert _document(nlp, text, "2031-03-05", "Declaration on Water Cooperation").attrs.date == "2031-03-05"


def test_the_items_of_a_list_take_the_summit_named_just_after_the_list(nlp):
    # The meeting is no SUMMIT mention ("A meeting of the Council of …"); the
    # article names it a summit only after the list, further from the first
    # items than a sentence looks ahead, and without its organization.
    items = [
        "Declaration on the deepening of steppe cooperation of the CIS member states",
        "Concept of Cooperation of the CIS Member States in the Protection of Migratory Birds",
        "On the Interstate Programme of Joint Measures against Desertification for 2032-2036",
        "decision on the chairmanship of the Republic of Kazakhstan in the Commonwealth of Independent States in 2032",
        "Agreement on the exchange of meteorological data between the national services",
        "Programme of cooperation of the CIS member states in the restoration of steppe grasslands for 2032-2040",
        "Statement on the International Year of the Saiga Antelope and the Protection of Wild Herds",
    ]
    text = (
        "A meeting of the Council of CIS Heads of State took place in Taraz on 4 October 2031.\n\n"
        "The heads of state adopted the following documents:\n"
        + "".join(f"{n}. {item};\n" for n, item in enumerate(items, start=1))
        + "\nSpeaking after the Taraz summit, the host praised the talks."
    )
    spans = {s.text: s for s in extract(nlp, "d", text, {"published": "2031-10-04"}).spans}
    summit = spans["Taraz summit"]
    assert text.index("Taraz summit") - text.index(items[1]) > 400
    for item in items:
        assert spans[item].attrs.summit == summit.id, item


def test_a_meeting_held_today_dates_its_documents_over_a_date_in_the_lead(nlp):
    # The lead's only day belongs to another meeting, the day before.
    text = (
        "TARAZ. The session of the Steppe Security Council took place in Taraz today, SteppeNews reports.\n\n"
        "A day earlier, on 3 October, the ministers met in the same city.\n\n"
        "Among the adopted decisions are the Taraz Declaration of the Steppe Security Council; "
        "the Plan of Joint Measures against Desertification for 2032-2034."
    )
    spans = {s.text: s for s in extract(nlp, "d", text, {"published": "2031-10-04"}).spans}
    assert spans["Taraz Declaration of the Steppe Security Council"].attrs.date == "2031-10-04"
    assert spans["Plan of Joint Measures against Desertification for 2032-2034"].attrs.date == "2031-10-04"


@pytest.mark.parametrize(
    "before, expected",
    [(["years", "after", "the"], True), (["ever", "since", "the"], True), (["after"], True), (["signed", "the"], False), ([], False)],
)
def test_recalled_after(before, expected):
    assert recalled_after([*before, "Treaty"], len(before)) is expected


def test_a_title_in_a_clause_of_time_is_recalled_not_adopted(nlp):
    text = (
        "TARAZ. The jubilee summit of the Steppe Union took place in Taraz today, five years after "
        "the Treaty on the Steppe Union was signed in Osh."
    )
    spans = {s.text: s for s in extract(nlp, "d", text, {"published": "2031-05-29"}).spans}
    treaty = spans["Treaty on the Steppe Union"].attrs
    assert (treaty.summit, treaty.date) == (None, None)


def test_an_acronym_given_in_brackets_shares_the_titles_attributes(nlp):
    text = (
        "TARAZ. The envoys met in Taraz today. They urged states to join the Comprehensive Nuclear-Test-Ban Treaty (CTBT), "
        "adopted in 1996, and to bring it into force.\n\nThe host called on the last eight states to sign and ratify the CTBT."
    )
    spans = [s for s in extract(nlp, "d", text, {"published": "2031-10-04"}).spans if s.label == "DOCUMENT"]
    assert [(s.text, s.attrs.date) for s in spans] == [("Comprehensive Nuclear-Test-Ban Treaty", "1996"), ("CTBT", "1996"), ("CTBT", "1996")]


def test_a_title_named_again_links_to_the_nearest_mention_of_its_summit(nlp):
    text = (
        "First CICA summit adopts Charter of Trust\n\n"
        "TARAZ, June 4 – The first summit of the Conference on Interaction and Confidence Building Measures in Asia (CICA), "
        "held in Taraz on 3 and 4 June, ended on Tuesday.\n\n"
        "The meeting brought together the leaders of 16 member states. Under the Charter of Trust, summits will be held every four years."
    )
    record = extract(nlp, "d", text, {"published": "2031-06-04"})
    summits = {s.id: s.start for s in record.spans if s.label == "SUMMIT"}
    links = [summits.get(s.attrs.summit) for s in record.spans if s.label == "DOCUMENT" and s.text == "Charter of Trust"]
    assert links == [0, text.index("first summit of the Conference")], links


@pytest.mark.parametrize(
    "text, titles, expected",
    [
        ("The summit adopted the Steppe Declaration.", [], True),
        ("It was signed in the presence of the leaders.", [], True),
        ("The leaders adopted the Declaration of the Kokshetau Summit.", ["Declaration of the Kokshetau Summit"], False),
        ("The leaders adopted the Declaration of the Kokshetau Summit at the meeting.", ["Declaration of the Kokshetau Summit"], True),
    ],
)
def test_refers_back_to_a_meeting(text, titles, expected):
    spans = [(text.index(t), text.index(t) + len(t)) for t in titles]
    assert refers_back_to_a_meeting(text, (0, len(text)), spans) is expected


@pytest.mark.parametrize(
    "text, title, org",
    [
        # the session/number symbol is the General Assembly's, with or without its year
        ("The treaty zone has been welcomed every other year, most recently in resolution 71/52 (2016).", "resolution 71/52 (2016)", "UNGA"),
        ("Kazakhstan co-sponsored resolutions 75/12 and 76/8 on the Aral Sea.", "76/8", "UNGA"),
        # number (year) is the Security Council's, and the items listed after it too
        ("The parties must comply with resolutions 2510 (2020), 2511 (2020) in full.", "2511 (2020)", "UNSC"),
        # a body named before the symbol is its issuer
        ("Human Rights Council resolution 16/18 was recalled.", "resolution 16/18", "UNHRC"),
        # a bare number says nothing
        ("We support resolution 2231 fully.", "resolution 2231", None),
    ],
)
def test_a_resolution_symbol_names_its_issuer(nlp, text, title, org):
    assert _document(nlp, text, "2031-05-05", title).attrs.org == org


@pytest.mark.parametrize(
    "text, title, org",
    [
        # a known instrument's issuer (rules/documents.jsonl), whatever meeting it is named with
        ("At the CSTO summit in Kokshetau, the President recalled the Almaty Act of 2002.", "Almaty Act", "CICA"),
        ("The ideas of the Universal Declaration of Human Rights guide our laws.", "Universal Declaration of Human Rights", "UNGA"),
        # one with no issuer on record keeps what the text says
        ("The Treaty on the Non-Proliferation of Nuclear Weapons remains the cornerstone.", "Treaty on the Non-Proliferation of Nuclear Weapons", None),
    ],
)
def test_a_known_instrument_has_the_organization_it_was_adopted_under(nlp, text, title, org):
    assert _document(nlp, text, "2031-05-05", title).attrs.org == org


def test_a_date_in_the_leads_sentence_of_another_summit_does_not_date_the_documents(nlp):
    text = (
        "Steppe and Lake leaders hold first summit\n\n"
        "TURAN – The first Steppe – Lake summit took place in Turan on Friday, after a week of meetings.\n\n"
        "Earlier that day the leaders attended a session of the Steppe Council, and on 12-13 October Turan hosted the ninth CICA summit.\n\n"
        "Following the talks, the heads of state adopted the Joint Statement of the First Steppe – Lake Summit."
    )
    record = extract(nlp, "d", text, {"published": "2031-10-14"})
    document = next(s for s in record.spans if s.label == "DOCUMENT")
    assert document.attrs.summit is not None and document.attrs.date != "2031-10-12/2031-10-13", document.attrs


def test_a_paragraphs_dateline_is_when_it_was_written_not_the_summits_day(nlp):
    lead = "TURAN, 14 October (Steppe News) – The Steppe summit in Turan brought the leaders together on Friday."
    summit = next(s for s in extract(nlp, "d", lead, {"published": "2031-10-14"}).spans if s.label == "SUMMIT")
    assert summit.attrs.date is None, summit.attrs
    held_today = lead.replace("brought the leaders together on Friday", "was held today")
    summit = next(s for s in extract(nlp, "d", held_today, {"published": "2031-10-14"}).spans if s.label == "SUMMIT")
    assert summit.attrs.date == "2031-10-14", summit.attrs


@pytest.mark.parametrize(
    "follow_up, linked",
    [
        ("The leaders also endorsed the Steppe Water Strategy until 2040.", True),
        ("The heads of state also adopted the Steppe Water Strategy until 2040.", True),
        # "also" with another verb, or a text only planned: no outcome of the summit
        ("The minister also presented the Steppe Water Strategy until 2040.", False),
        ("The leaders endorsed the Steppe Water Strategy until 2040 last year.", False),
    ],
)
def test_also_adopted_in_the_paragraph_after_a_list_continues_it(nlp, follow_up, linked):
    # the summit is named too far back for the follow-up's own adoption verb to reach it
    text = (
        "The Kokshetau summit of the Steppe Union opened on 3 July.\n\n"
        + "The leaders talked about water, trade and transport for many hours, said the press service. " * 9
        + "\n\nFollowing the talks, the heads of state adopted the following documents:\n"
        "- Kokshetau Declaration of the Steppe Union;\n"
        "- decision on the chairmanship of the Steppe Union in 2032.\n\n" + follow_up
    )
    record = extract(nlp, "d", text, {"published": "2031-07-03"})
    strategy = next(s for s in record.spans if s.text == "Steppe Water Strategy until 2040")
    assert (strategy.attrs.summit is not None) is linked, strategy.attrs


@pytest.mark.parametrize(
    "sentence, linked",
    [
        ("The previous summit, held in Kokshetau in June 2026, adopted the Protocol on the Steppe Secretariat.", "summit"),
        ("The previous Steppe summit had adopted the Protocol on the Steppe Secretariat.", "Steppe summit"),
        # the summit is not the verb's subject
        ("At the previous summit, held in Kokshetau in June 2026, the ministers only discussed the Protocol on the Steppe Secretariat.", None),
    ],
)
def test_a_summit_that_is_the_subject_of_the_adoption_adopted_the_text(nlp, sentence, linked):
    text = "The Steppe summit opened in Taraz on 3 July 2031, the press service reports.\n\n" + "The talks covered trade. " * 30 + "\n\n" + sentence
    assert _links(nlp, text, "2031-07-03")[-1][0] == linked


@pytest.mark.parametrize("published, linked", [("2031-12-26", "summit of the Council of Steppe Heads of State"), ("2031", None)])
def test_a_news_lists_summit_may_be_named_paragraphs_after_it(nlp, published, linked):
    # a speech (dated by its year only) ranges over too many meetings to look that far
    text = (
        "TARAZ – The Steppe Council held its regular meeting in Taraz on 26 December.\n\n"
        "Ten decisions were adopted, including On the association of investors of the Steppe states, and the decision on the chairmanship in 2032.\n\n"
        + "The association will bring together business unions and development institutions to select projects. " * 5
        + "\n\nThe summit of the Council of Steppe Heads of State followed a forum held in the same city a day earlier."
    )
    assert _links(nlp, text, published)[0][0] == linked


@pytest.mark.parametrize(
    "title, orgs, expected",
    [
        ("programme of cooperation of the member states of the Union", [("Eurasian Economic Union", "EAEU")], "EAEU"),
        ("roadmap for the internal market of the Union for 2031-2032", [("Eurasian Economic Union", "EAEU"), ("United Nations", "UN")], "EAEU"),
        ("Charter of the Organization", [("Organization of Turkic States", "OTS")], "OTS"),
        # two organizations so called, none so called, or no short name
        ("programme of the Union", [("Eurasian Economic Union", "EAEU"), ("African Union", "AU")], None),
        ("programme of the Union", [("United Nations", "UN")], None),
        ("programme of cooperation in transport", [("Eurasian Economic Union", "EAEU")], None),
    ],
)
def test_a_title_calls_its_organization_by_a_short_name(title, orgs, expected):
    assert short_name_org(title, {"Union", "Organization"}, orgs) == expected


def test_a_short_name_in_a_title_gives_the_organization_of_the_text(nlp):
    text = (
        "The Eurasian Economic Union leaders met in Taraz. "
        "Tokayev proposed to develop a programme of cooperation of the member states of the Union in the field of transport."
    )
    document = _document(nlp, text, "2031-05-05", "programme of cooperation of the member states of the Union in the field of transport")
    assert document.attrs.org == "EAEU"


def test_a_title_adopted_in_a_city_goes_to_the_summit_named_there_before(nlp):
    text = (
        "The President chaired the second Steppe – Freedonia summit, held in Taraz today.\n\n"
        "He recalled that the Kokshetau summit of 29 September 2030 had raised relations to a strategic partnership. "
        "The Initiative “Green Steppe”, adopted in Kokshetau, has become a basis for practical work, he said.\n\n"
        "Following the talks, the participants adopted the Taraz Declaration."
    )
    record = extract(nlp, "d", text, {"published": "2031-09-17"})
    kokshetau = next(s for s in record.spans if s.text == "Kokshetau summit")
    initiative = next(s for s in record.spans if s.label == "DOCUMENT" and s.text.startswith("Initiative"))
    assert (initiative.attrs.summit, initiative.attrs.date) == (kokshetau.id, "2030-09-29")


def test_a_summit_offered_to_host_is_neither_dated_by_the_meeting_nor_where_its_texts_were_adopted(nlp):
    text = (
        "Steppe ministers in Taraz adopt Taraz Declaration\n\n"
        "TARAZ. June 30. – The session of the Council of Foreign Ministers of the Steppe Union, held in Taraz on June 28-30, "
        "closed today with the adoption of the Taraz Declaration, a correspondent reports.\n\n"
        "Opening the session on June 28, the President offered to host the first Steppe Union summit on science in Taraz."
    )
    record = extract(nlp, "d", text, {"published": "2031-06-30"})
    summit = next(s for s in record.spans if s.label == "SUMMIT")
    declarations = [s for s in record.spans if s.text == "Taraz Declaration"]
    assert summit.attrs.date is None and all(s.attrs.summit is None for s in declarations)


def test_a_summit_in_the_clause_of_another_title_is_that_titles(nlp):
    text = (
        "The ministers met in Taraz today.\n\n"
        "The Taraz Declaration reaffirms the Steppe Charter, adopted at the 11th Steppe Summit in Kokshetau in March 2028."
    )
    record = extract(nlp, "d", text, {"published": "2031-06-30"})
    declaration = next(s for s in record.spans if s.text == "Taraz Declaration")
    charter = next(s for s in record.spans if s.text == "Steppe Charter")
    assert declaration.attrs.summit is None and declaration.attrs.date != "2028-03"
    assert charter.attrs.date == "2028-03"


def test_a_title_joined_to_the_one_its_clause_adopts_shares_its_date(nlp):
    text = "Freedonia endorses the Taraz Declaration and Programme of Action, adopted by the conference in Taraz in June 2030."
    record = extract(nlp, "d", text, {"published": "2031"})
    assert next(s for s in record.spans if s.text == "Taraz Declaration").attrs.date == "2030-06"


@pytest.mark.parametrize(
    "sentences",
    [
        "On the margins of the summit, the two leaders held talks. In the presence of the two leaders, the sides signed an agreement on grain storage.",
        "An agreement on grain storage between the two banks was signed on the margins.",
    ],
)
def test_a_text_signed_on_a_summits_margins_is_not_its_outcome_but_has_its_day(nlp, sentences):
    text = (
        "The first summit of the Steppe Union was held in Taraz today.\n\n"
        "Following the talks, the participants adopted the Taraz Declaration.\n\n" + sentences
    )
    record = extract(nlp, "d", text, {"published": "2031-05-20"})
    agreement = next(s for s in record.spans if s.label == "DOCUMENT" and s.text.startswith("agreement on grain storage"))
    declaration = next(s for s in record.spans if s.text == "Taraz Declaration")
    assert declaration.attrs.summit is not None
    assert (agreement.attrs.summit, agreement.attrs.date) == (None, "2031-05-20")


@pytest.mark.parametrize(
    "sentence, linked",
    [
        ("The first summit, held in Taraz on 4 June 2027, had adopted the Taraz Act. The Catalogue of Measures was approved by the ministers in Taraz "
         "in October 2029, and at the second summit, held in Taraz on 17 June 2030, the leaders signed the Protocol on the Grain Fund.", True),
        # a summit yet to come adopts nothing
        ("At the second summit, due in Kokshetau in June 2032, the leaders are expected to sign the Protocol on the Grain Fund.", False),
    ],
)
def test_a_summit_opening_the_adopting_clause_is_where_the_text_was_adopted(nlp, sentence, linked):
    text = "The General Assembly granted the Steppe Conference observer status today.\n\n" + sentence
    record = extract(nlp, "d", text, {"published": "2031-12-06"})
    summit = next(s for s in record.spans if s.text == "second summit")
    protocol = next(s for s in record.spans if s.text == "Protocol on the Grain Fund")
    assert (protocol.attrs.summit == summit.id) == linked


def test_an_issuer_past_a_participle_clause_between_commas(nlp):
    text = (
        "The extraordinary session of the Collective Security Council of the Collective Security Treaty Organization (CSTO), "
        "held by videoconference today, adopted a statement on the situation in the steppe region."
    )
    record = extract(nlp, "d", text, {"published": "2031-01-10"})
    assert next(s for s in record.spans if s.label == "DOCUMENT").attrs.org == "CSTO"


def test_a_city_opening_the_adopting_clause_names_the_summit_held_there(nlp):
    text = (
        "The 16th Steppe Union summit was held in Tashkent on 9 November 2029.\n\n"
        "Two years later the leaders met in Taraz. \"Two years ago, in Tashkent, we adopted the Steppe Vision 2045,\" the host said."
    )
    record = extract(nlp, "d", text, {"published": "2031-11-09"})
    tashkent = next(s for s in record.spans if s.label == "SUMMIT")
    vision = next(s for s in record.spans if s.label == "DOCUMENT")
    assert vision.attrs.summit == tashkent.id
