"""Date normalization as ANNOTATION.md defines it: precision as written."""

import pytest

from kzextract.dateline import dateline_date
from kzextract.dates import infer_year, normalize, normalize_dates, parse_date, published_year


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1996", "1996"),
        ("December 2001", "2001-12"),
        ("June 7, 2002", "2002-06-07"),
        ("7 June 2002", "2002-06-07"),
        ("Sept. 5, 2001", "2001-09-05"),
        ("July of 2023", "2023-07"),
        ("1990s", "199X"),
        ("2022–2024", "2022/2024"),
        ("2009-2011", "2009/2011"),
        ("2022-24", "2022/2024"),
        ("2002 to 2004", "2002/2004"),
        ("between 2002 and 2004", "2002/2004"),
        ("May 29 – June 2, 2006", "2006-05-29/2006-06-02"),
        ("June 28 to July 3, 2008", "2008-06-28/2008-07-03"),
        ("12–13 June 2006", "2006-06-12/2006-06-13"),
        ("01/10/2015", "2015-10-01"),  # day first, as in UN sources
        ("23.03.2024", "2024-03-23"),
        ("2024-01-15", "2024-01-15"),
        # news forms (issue 9)
        ("Nov.6", "XXXX-11-06"),
        ("02 - 11 - 2015", "2015-11-02"),  # a numeric date the tokenizer split
        ("January September", "XXXX-01/XXXX-09"),  # "January-September" as the view writes it
        ("January–August 2015", "2015-01/2015-08"),
        ("10th-11th August", "XXXX-08-10/XXXX-08-11"),
        ("09 August, 2018", "2018-08-09"),
        ("3 and 4 April", "XXXX-04-03/XXXX-04-04"),
    ],
)
def test_normalize_explicit_dates(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("January 15", None, "XXXX-01-15"),
        ("January 15", 2024, "2024-01-15"),
        ("February", 2024, "2024-02"),
        ("29 August", None, "XXXX-08-29"),
    ],
)
def test_range_without_year_and_yearless_dates(text, year, expected):
    assert normalize(text, year=year) == expected


def test_range_without_year_takes_one_year_for_both_ends():
    assert normalize("June 12–13", year=2006) == "2006-06-12/2006-06-13"


def test_explicit_year_is_never_overwritten():
    assert normalize("June 7, 2002", year=2024) == "2002-06-07"


@pytest.mark.parametrize("text", ["next week", "75th", "13/13/2020", "June 45, 2002", "hello", "December 19-18", "2024-2022"])
def test_not_dates(text):
    assert parse_date(text) is None


def test_infer_year_prefers_a_fixing_modifier_then_context_then_publication():
    assert infer_year(year_in_context=2019, published_year=2023, relative_shift=-1) == 2022
    assert infer_year(year_in_context=2019, published_year=2023) == 2019
    assert infer_year(year_in_context=None, published_year=2023) == 2023
    assert infer_year(year_in_context=None, published_year=None) is None


@pytest.mark.parametrize("meta, year", [({"published": "2024-02"}, 2024), ({"published": 2003}, 2003), ({}, None), ({"published": "soon"}, None)])
def test_published_year(meta, year):
    assert published_year(meta) == year


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Leaders meet in Astana\n\n09:12, 14 March 2023 | GMT +6\n\nASTANA. KAZINFORM – The talks", "2023-03-14"),
        ("Headline\n\n15.03.2021 | 11:05\n\nThe text.", "2021-03-15"),
        ("Politics • 29 May, 2019\n\nNur-Sultan hosts the meeting", "2019-05-29"),
        ("Kyrgyzstan|foreign policy|November 6, 2024 / 03:52 PM\nThe summit", "2024-11-06"),
        ("Summit ends\nDate: 08:25, 02-11-2015.\n\nAlmaty. November 2.", "2015-11-02"),
        # no year, a long sentence, nothing at the top: no publication date
        ("Summit ends\n\n28 Nov. 17:05\n\nThe leaders met.", None),
        ("Madam President, in 1995 the United Nations marked fifty years since the Charter was signed in San Francisco, on 26 June 1945.", None),
        ("Some text.\n" * 20 + "12 March 2020 | 10:00", None),
    ],
)
def test_dateline_date(text, expected):
    assert dateline_date(text) == expected


def test_dateline_dates_year_less_dates_without_meta():
    """With no meta.published, "on 4 July" takes the year of the dateline."""
    from kzextract.pipeline import build_pipeline, extract

    text = "SCO leaders meet\n\n19:35, 3 July 2024 | GMT +5\n\nThe heads of state will sign the declaration on 4 July."
    record = extract(build_pipeline(), "d", text, {})
    assert [(s.text, s.norm) for s in record.spans if s.label == "DATE"][-1] == ("4 July", "2024-07-04")
    assert extract(build_pipeline(), "d", text, {"published": "2019"}).spans[-1].norm == "2019-07-04"


def test_an_iso_dateline_is_one_date():
    """"2031-07-05 21:14:07" in a wire dateline is a day, not the range 2031-07."""
    from kzextract.pipeline import build_pipeline, extract

    text = "Steppe leaders meet\n\n2031-07-05 21:14:07\n\nTARAZ, July 5 -- The heads of state met."
    dates = [(s.text, s.norm) for s in extract(build_pipeline(), "d", text, {}).spans if s.label == "DATE"]
    assert dates == [("2031-07-05", "2031-07-05"), ("July 5", "2031-07-05")]


# (dates in text order as (text, paragraph, sentence start, shift), publication year, expected norms)
@pytest.mark.parametrize(
    "dates, published, expected",
    [
        # the year of the same sentence counts
        ([("March 1995", 0, 0, None), ("4 November", 0, 0, None)], 2025, ["1995-03", "1995-11-04"]),
        # a year stated in an earlier sentence is a look back: the publication year counts
        ([("March 1995", 0, 0, None), ("4 November", 0, 80, None)], 2025, ["1995-03", "2025-11-04"]),
        # with no publication year, the paragraph's latest year is all there is
        ([("March 1995", 0, 0, None), ("4 November", 0, 80, None)], None, ["1995-03", "1995-11-04"]),
        # never from another paragraph
        ([("March 1995", 0, 0, None), ("4 November", 1, 80, None)], None, ["1995-03", "XXXX-11-04"]),
        # a fixing modifier beats the sentence's year
        ([("May 2019", 0, 0, None), ("December", 0, 0, -1)], 2023, ["2019-05", "2022-12"]),
    ],
)
def test_normalize_dates_takes_a_year_from_the_sentence_then_the_publication(dates, published, expected):
    assert normalize_dates(dates, published) == expected
