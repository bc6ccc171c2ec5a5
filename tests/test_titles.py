"""Where a document title starts and ends in running prose (issue 9, item 6),
table-driven over sentences written for these tests: each case gives the
sentence and the DOCUMENT mentions (raw text) the pipeline must find; a
counter case gives text that must yield no DOCUMENT."""

from __future__ import annotations

import pytest

from kzextract.pipeline import build_pipeline, extract

CASES = [
    # a finite verb, `and` + verb, or a new clause closes the title
    ("The Kyoto Protocol remains the basis of the climate regime.", ["Kyoto Protocol"]),
    ("Member states recalled that the Treaty on Open Skies provides for observation flights.", ["Treaty on Open Skies"]),
    ("It builds on the Charter of Paris for a New Europe and sets the goal of one security space.", ["Charter of Paris for a New Europe"]),
    ("The Pact for the Future and the Declaration on Future Generations make up the package.", ["Pact for the Future", "Declaration on Future Generations"]),
    ("The Convention on the Legal Status of the Caspian Sea does not settle the seabed.", ["Convention on the Legal Status of the Caspian Sea"]),
    ("Kazakhstan signed the Convention on the Safety of United Nations Personnel and intends to ratify it soon.", ["Convention on the Safety of United Nations Personnel"]),
    # the treaty formula naming the parties belongs to the title, and `and its` joins a party of `between`
    (
        "The leaders signed the Free Trade Agreement between the Steppe Economic Union and its Member States, of the one part, and the Republic of Serbia, of the other part, and a joint statement.",
        ["Free Trade Agreement between the Steppe Economic Union and its Member States, of the one part, and the Republic of Serbia, of the other part"],
    ),
    ("Talks on the Agreement between Mongolia and its Neighbours were resumed.", ["Agreement between Mongolia and its Neighbours"]),
    # half a formula is not one: the title ends at the comma
    ("They recalled the Treaty between Kazakhstan and Uzbekistan, of the one part, which set the border.", ["Treaty between Kazakhstan and Uzbekistan"]),
    # a title-case participle after the head goes on with the title
    ("The parties noted that the Interim Agreement Leading to Formation of a Free Trade Area between the Union and Iran will enter into force.",
     ["Interim Agreement Leading to Formation of a Free Trade Area between the Union and Iran"]),
    # an acronym in brackets inside a title, with the complement going on after it
    ("They signed a memorandum of understanding between the Secretariat and the Steppe Academy (STEPAC) on joint research projects.",
     ["memorandum of understanding between the Secretariat and the Steppe Academy (STEPAC) on joint research projects"]),
    # the complement after a quoted name
    ("The leaders also approved the Regional Programme “Green Steppe” for Central Asia and the budget.",
     ["Regional Programme “Green Steppe” for Central Asia"]),
    # `and the` + a lower-case word ends a title: `and the draft <Title>` is another
    ("The ministers submitted the draft Statement on the Anniversary of the Victory and the draft Agreement on the Establishment of the Steppe Language Institute.",
     ["Statement on the Anniversary of the Victory", "Agreement on the Establishment of the Steppe Language Institute"]),
    # a text proposed to be drawn up is named by its subject, in lower case; `and to` + verb ends it
    ("He proposed to develop a concept of cooperation of the member states in the field of climate adaptation.",
     ["concept of cooperation of the member states in the field of climate adaptation"]),
    ("Tokayev proposed to draw up a joint programme of the member states on artificial intelligence and to hold a forum.",
     ["joint programme of the member states on artificial intelligence"]),
    # a city that is no title-case word, a capitalized word before a head named by quotes, a headline's modifiers
    ("On May 19, the heads of state signed the Xi'an Declaration of the Steppe Summit.", ["Xi'an Declaration of the Steppe Summit"]),
    ("He presented the State Programme “Path to the Steppe” for 2031-2033, adopted in 2030.", ["State Programme “Path to the Steppe” for 2031-2033"]),
    ("Steppe leaders approve anti-terrorism programme for 2031-2033", ["anti-terrorism programme for 2031-2033"]),
    # a lower-case title whose adoption is passive after it, a weak head adopted with the titles before it or after it
    ("The decision on the Steppe Chairmanship in 2031 was adopted by the Ministerial Council in Taraz.", ["decision on the Steppe Chairmanship in 2031"]),
    ("The leaders adopted statements on water and on youth, as well as the Joint Appeal of the Heads of State to Youth.",
     ["statements on water", "on youth", "Joint Appeal of the Heads of State to Youth"]),
    ("He presented the Initiative on Water Solidarity of the Steppe States, endorsed by the ministers in May.",
     ["Initiative on Water Solidarity of the Steppe States"]),
    # `and` + a past-tense verb ends a lower-case title; `and the draft <Title>` is another title
    ("He proposed to develop a programme of cooperation of the member states in the field of engineering for 2032-2034 and called on the Fund to help.",
     ["programme of cooperation of the member states in the field of engineering for 2032-2034"]),
    ("The ministers approved the draft agreement on cooperation in the field of energy and the draft Protocol on Monitoring to the Steppe Convention.",
     ["agreement on cooperation in the field of energy", "Protocol on Monitoring to the Steppe Convention"]),
    # two coordinated titles are two mentions
    ("Both the Outer Space Treaty and the Moon Agreement were discussed.", ["Outer Space Treaty", "Moon Agreement"]),
    # a quoted name after the head belongs to the title; a title wholly in quotes is spanned without them
    ("The summit ended with the adoption of the Almaty Joint Declaration “Towards Lasting Trust” after midnight.", ["Almaty Joint Declaration “Towards Lasting Trust”"]),
    ("The ministers approved the document “Steppe Horizon – 2045” on Friday.", ["Steppe Horizon – 2045"]),
    ("He proposed drafting the Concept “Steppe Horizon – 2045” as a long-term vision.", ["Concept “Steppe Horizon – 2045”"]),
    ("“Caspian Green Vision 2040” has been approved by the leaders.", ["Caspian Green Vision 2040"]),
    # an ordinal, the first year of a range, a title it belongs to
    ("The drafts of the 7th Ministerial Declaration were agreed.", ["7th Ministerial Declaration"]),
    ("They endorsed the 2026-2028 Program for Cooperation in Border Security.", ["2026-2028 Program for Cooperation in Border Security"]),
    ("The Economic Development Strategy's Action Plan until 2030 was approved.", ["Economic Development Strategy's Action Plan until 2030"]),
    # lower-case titles where the text adopts them
    ("The leaders also issued statements on water security in the region.", ["statements on water security in the region"]),
    ("Central Asian presidents approve road map for 2027-2029", ["road map for 2027-2029"]),
    ("Ministers welcomed progress towards a comprehensive convention on cybercrime last year.", ["comprehensive convention on cybercrime"]),
    # "with a …" adds another thing; the proposed text it adds is a title of its own
    ("He called on states to strengthen the Steppe Grazing Convention with a legally binding protocol on verification.",
     ["Steppe Grazing Convention", "legally binding protocol on verification"]),
    # a participle after a title's complement starts what it is about; "separate" is no part of a name
    ("The leaders agreed on an action plan for 2032-2034 covering grain and wool.", ["action plan for 2032-2034"]),
    ("A separate memorandum of understanding between the Steppe Fund and the Grain Bank was signed.",
     ["memorandum of understanding between the Steppe Fund and the Grain Bank"]),
    # a weak head named by capitalized words is a title where the text adopts it right after, with no complement
    ("Tokayev recalled that the Steppe World 2040 Vision, adopted at the Osh summit in 2029, set the course.", ["Steppe World 2040 Vision"]),
    ("The Closing Document adopted at that session is still the basis of our work.", ["Closing Document"]),
    # the city of signing is no part of the title
    ("The Treaty on a Steppe Grazing Zone in Central Asia in Semipalatinsk was signed on 8 May.", ["Treaty on a Steppe Grazing Zone in Central Asia"]),
    # coordinated decisions keep the period each is about, as their head would
    ("The leaders adopted decisions on the Steppe Games, on the Year of Herders in 2032 and on the chairmanship of Tuva in 2032-2033.",
     ["decisions on the Steppe Games", "on the Year of Herders in 2032", "on the chairmanship of Tuva in 2032-2033"]),
    # a city's name with an apostrophe names a title as any capitalized word does
    ("The leaders also recalled the Xi'an Declaration, signed in May.", ["Xi'an Declaration"]),
    # a meeting to come or gone after a title says when, not what; so does "ahead of"
    ("The envoys will draft an agreement on grazing rights for the next summit.", ["agreement on grazing rights"]),
    ("She asked states to uphold the Treaty on the Steppe Commons ahead of the review meeting.", ["Treaty on the Steppe Commons"]),
    ("The heads of state signed a joint declaration on partnership and cooperation.", ["joint declaration on partnership and cooperation"]),
    # a singular lower-case head bounded by its period names one text, adopted or not
    ("Talks went on, but the strategy until 2035 was negotiated to the last minute.", ["strategy until 2035"]),
    ("Experts said the programme for the period 2026-2030 needs money.", ["programme for the period 2026-2030"]),
    # a weak head counts when the text adopts it
    ("Member states endorsed the Initiative on Regional Water Solidarity at the meeting.", ["Initiative on Regional Water Solidarity"]),
    # a statement by someone keeps its complement
    ("They adopted a Joint Statement by the Heads of State on the Anniversary of the Union.", ["Joint Statement by the Heads of State on the Anniversary of the Union"]),
    # a comma inside a title-case list of nouns, the title's complement going on after it
    ("The parties recalled the Treaty of Friendship, Good Neighbourhood and Cooperation for the Development of the Steppe Region.", ["Treaty of Friendship, Good Neighbourhood and Cooperation for the Development of the Steppe Region"]),
    ("They reaffirmed the Treaty on Lasting Good-Neighbourliness, Friendship and Cooperation between the Member States.", ["Treaty on Lasting Good-Neighbourliness, Friendship and Cooperation between the Member States"]),
    ("The ministers signed the Convention on Smuggling, Piracy, and Trafficking in the Caspian Sea.", ["Convention on Smuggling, Piracy, and Trafficking in the Caspian Sea"]),
    ("They endorsed the Plan to implement the Treaty on Lasting Friendship, Trust and Cooperation between the Member States and the 2027-2028 Program for Cooperation in Border Security.",
     ["Plan to implement the Treaty on Lasting Friendship, Trust and Cooperation between the Member States", "2027-2028 Program for Cooperation in Border Security"]),
    # … not a lower-case clause after the title's comma
    ("We support the Charter for Regional Development, raise common concerns and help to find solutions.", ["Charter for Regional Development"]),
    # coordinated `on …` complements share the head and are one title each (ANNOTATION.md v2)
    ("The leaders also issued statements on grain corridors, on digital trade and on youth exchanges.",
     ["statements on grain corridors", "on digital trade", "on youth exchanges"]),
    ("They adopted the Declaration on Steppe Ecology as well as on Glacier Monitoring in the Highlands.",
     ["Declaration on Steppe Ecology", "on Glacier Monitoring in the Highlands"]),
    # … a title inside one complement does not run on into the next, and a title joined after the last is adopted too
    ("The leaders adopted decisions on a joint fund of the member states, on the Regulations of the Meeting of Ministers Responsible for Culture and Sport "
     "and on the chairmanship of Freedonia in the Turkic Council in 2032-2033, as well as the action plan of cooperation in the field of culture for 2032-2033.",
     ["decisions on a joint fund of the member states", "on the Regulations of the Meeting of Ministers Responsible for Culture and Sport",
      "on the chairmanship of Freedonia in the Turkic Council in 2032-2033", "action plan of cooperation in the field of culture for 2032-2033"]),
    # an ordinal before a lower-case head counts no texts; two names joined by a dash after the determiner are the title's
    ("The Assembly adopted the first resolution on grain security in the Steppe region.", ["resolution on grain security in the Steppe region"]),
    ("He proposed to develop a Freedonia – Central Asia roadmap on transport links.", ["Freedonia – Central Asia roadmap on transport links"]),
    # a head that names a text only capitalized
    ("The ministers approved the Rules of Procedure of the Steppe Working Group.", ["Rules of Procedure of the Steppe Working Group"]),
    # a reflexive pronoun after the title is not part of it
    ("The Treaty on the Steppe Union itself was signed in 2030.", ["Treaty on the Steppe Union"]),
    # a lower-case past participle or verb right after a capitalized word ends the title
    ("He cited the Charter of Economic Rights and Duties of Nations proclaimed by the Assembly.", ["Charter of Economic Rights and Duties of Nations"]),
    # a lower-case title joined to an adopted one is adopted too; `and the <head> <complement>` starts another
    ("The summit adopted the Steppe Declaration, the decision on granting observer status to Laos and the roadmap for the grain fund for 2032-2036.",
     ["Steppe Declaration", "decision on granting observer status to Laos", "roadmap for the grain fund for 2032-2036"]),
    ("The leaders signed the Steppe Treaty as well as a decision on holding the next meeting.", ["Steppe Treaty", "decision on holding the next meeting"]),
    ("The leaders issued statements on grain corridors and on digital trade, as well as a decision on holding the next meeting.",
     ["statements on grain corridors", "on digital trade", "decision on holding the next meeting"]),
    # … but a weak head after a comma is an apposition, and a topic noun goes on with the title
    ("The heads of state signed the Steppe Declaration, the final document of the meeting, on Friday.", ["Steppe Declaration"]),
    ("They called for an agreement on disarmament and the regulation of armaments.", ["agreement on disarmament and the regulation of armaments"]),
    # a period after `in` belongs to the title; a year after `in` dates the text
    ("The leaders adopted the Minsk Declaration and the decision on the chairmanship of Armenia in 2032-2034.",
     ["Minsk Declaration", "decision on the chairmanship of Armenia in 2032-2034"]),
    # a capitalized verb after `to` is inside a title-case title
    ("They will complete the Programme of Actions to Provide Assistance to the Steppe Countries for the period 2031-2035.",
     ["Programme of Actions to Provide Assistance to the Steppe Countries for the period 2031-2035"]),
    # a decision's `in <year>` is the period it is about
    ("The ministers adopted decisions on the Steppe Chairpersonship in 2032, on the appointment of the Secretary General and on the budget.",
     ["decisions on the Steppe Chairpersonship in 2032", "on the appointment of the Secretary General", "on the budget"]),
    # a relative time after a title is not in it; `to a …` is a destination, `to the <Title>` what a protocol adds to
    ("Kazakhstan ratified the Treaty on the Steppe Nuclear Zone two years ago.", ["Treaty on the Steppe Nuclear Zone"]),
    ("They signed the Convention on Grain Storage for the first time in a decade.", ["Convention on Grain Storage"]),
    ("The talk went from the Steppe Charter to a world without borders.", ["Steppe Charter"]),
    ("They ratified the Optional Protocol to the Steppe Covenant on Water Rights.", ["Optional Protocol to the Steppe Covenant on Water Rights"]),
    ("The ministers agreed to adopt the Regulations of the Steppe Think Tanks Forum in the near future.", ["Regulations of the Steppe Think Tanks Forum"]),
    ("They agreed the Convention on Steppe Waters for adoption at the next meeting.", ["Convention on Steppe Waters"]),
    # a capitalized first word after the determiner belongs to a lower-case title
    ("The leaders have approved the Main directions of the Union's international activity for 2032.", ["Main directions of the Union's international activity for 2032"]),
    # a city's name is whole in a title, with an acronym before it; a possessive before the head
    ("The Rio de Janeiro Declaration on Ocean Health was adopted.", ["Rio de Janeiro Declaration on Ocean Health"]),
    ("The G20 Rio de Janeiro Leaders’ Declaration offered a compromise.", ["G20 Rio de Janeiro Leaders’ Declaration"]),
    # a year right after a capitalized head names the text
    ("The leaders adopted the Steppe Innovation Agenda 2036 on Friday.", ["Steppe Innovation Agenda 2036"]),
    # a known instrument's name goes on with its head's complement
    ("The Vienna Document on confidence- and security-building measures has not been updated.",
     ["Vienna Document on confidence- and security-building measures"]),
    ("The leaders signed a draft ministerial declaration on steppe water security.", ["ministerial declaration on steppe water security"]),
    ("They adopted the Declaration on the Steppe Economy until 2030 and for the period up to 2045.",
     ["Declaration on the Steppe Economy until 2030 and for the period up to 2045"]),
    # `within` does not end a title
    ("They signed the Agreement on Digital Trade within the Eurasian Economic Union.", ["Agreement on Digital Trade within the Eurasian Economic Union"]),
    # a lower-case list of one- or two-word items goes on with the title's next complement
    ("The ministers were told to draft a treaty on friendship, good-neighbourliness and cooperation for the development of the steppe region.",
     ["treaty on friendship, good-neighbourliness and cooperation for the development of the steppe region"]),
    ("They will prepare a protocol on preparedness, response and cooperation in combating grass fires.",
     ["protocol on preparedness, response and cooperation in combating grass fires"]),
    # a lower-case programme or plan bounded by a period is one text, and the period closes its title
    ("He told the governments to finalize a programme of cooperation on combating cattle theft for 2032-2036 by the next meeting.",
     ["programme of cooperation on combating cattle theft for 2032-2036"]),
    ("The leaders also approved a plan of measures for 2032-2033 to carry out the Steppe Declaration.", ["plan of measures for 2032-2033", "Steppe Declaration"]),
    ("The ministers will draw up an action plan for its implementation for 2032-2034.", ["action plan for its implementation for 2032-2034"]),
    ("The council approved the action plan for 2032-2033 on the implementation of the Steppe Roadmap.",
     ["action plan for 2032-2033 on the implementation of the Steppe Roadmap"]),
    ("The region will need a new development strategy for the period 2031 to 2040 soon.", ["development strategy for the period 2031 to 2040"]),
    # a verb right after a capitalized word ends the title; "Turkic-speaking" is no verb
    ("They adopted a joint statement on Afghanistan calling for an inclusive settlement.", ["joint statement on Afghanistan"]),
    ("They signed the Protocol of the Steppe Treaty relating to the neutrality of the canal.", ["Protocol of the Steppe Treaty relating to the neutrality of the canal"]),
    ("He proposed to draw up a strategy of economic cooperation of the Turkic-speaking states by spring.",
     ["strategy of economic cooperation of the Turkic-speaking states"]),
    # "in the course of" is when, not what
    ("He proposed that the Commission draft a concept of the common grain market of the Union in the course of 2032.",
     ["concept of the common grain market of the Union"]),
    # a year after a capitalized weak head names the text
    ("He reported on the implementation of the Steppe Vision 2035.", ["Steppe Vision 2035"]),
]

COUNTER_CASES = [
    # a lower-case head that names a text only capitalized
    "The states should together adopt appropriate rules of conduct for the seabed.",
    "The Council adopted documents on trade and transit.",
    # plural heads adopted after them are several texts, none named
    "The resolutions of the council were adopted unanimously.",
    # a project to set up, a platform or several programmes are no one text
    "He proposed to set up a joint research programme to study the causes of the drought.",
    "The Chairmanship proposed its transformation into a permanent platform for dialogue.",
    # what a lower-case head is sent to is not its title
    "The secretariat was instructed to submit the draft programme to the Board of the Steppe Fund by the end of the year.",
    "China's Belt and Road Initiative was discussed at length.",
    "The council has adopted 13 resolutions on the conflict.",
    "The government welcomed the decision to establish a monitoring mission.",
    "The approval of key planning documents for 2027 was welcomed.",
    "The ministers discussed a plan for the next season.",
    "The Declaration “is a milestone for the region”, the minister said.",
    "The programmes for 2025-2027 were discussed by experts.",
    # reaching agreement is a meeting of minds, not a text (DECISIONS.md)
    "The ministers did not reach agreement on the candidate for the post of secretary general.",
    "The two sides reached a broad agreement on the water quotas.",
    # an act is not a text, whatever its period
    "The board welcomed the decision of Freedonia to suspend grain exports for 2032.",
]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _documents(nlp, text: str) -> list[str]:
    return [s.text for s in extract(nlp, "t", text, {"published": "2026"}).spans if s.label == "DOCUMENT"]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_title_spans(nlp, text, expected):
    assert _documents(nlp, text) == expected


@pytest.mark.parametrize("text", COUNTER_CASES, ids=[f"counter{i}" for i in range(len(COUNTER_CASES))])
def test_no_title(nlp, text):
    assert _documents(nlp, text) == []
