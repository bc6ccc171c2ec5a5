"""Where a document's date comes from when the summit's date is not the
whole story (ANNOTATION.md: `date` is the date of adoption or signature):
table-driven over texts written for these tests."""

from __future__ import annotations

import pytest

from kzextract.pipeline import build_pipeline, extract


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _document(nlp, text: str, published: str, title: str):
    found = [s for s in extract(nlp, "d", text, {"published": published}).spans if s.label == "DOCUMENT" and s.text == title]
    assert found, title
    return found[0]


@pytest.mark.parametrize(
    "text, title, date",
    [
        # a date opening the clause whose verb adopts the text is the adoption date, not the summit's range
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
        # a date inside the subject's own clause dates that clause, not this verb
        (
            "The Steppe summit was held in Kokshetau on 4-6 November. The resolution adopted by the council on 2 November endorses the Treaty on Eternal Friendship.",
            "Treaty on Eternal Friendship",
            "2031-11-04/2031-11-06",
        ),
    ],
)
def test_a_date_opening_the_adopting_clause_dates_the_document(nlp, text, title, date):
    assert _document(nlp, text, "2031-11-07", title).attrs.date == date
