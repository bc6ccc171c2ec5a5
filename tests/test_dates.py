"""Date normalization as ANNOTATION.md defines it: precision as written."""

import pytest

from kzextract.dates import infer_year, normalize, parse_date, published_year


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


@pytest.mark.parametrize("text", ["next week", "75th", "13/13/2020", "June 45, 2002", "hello"])
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
