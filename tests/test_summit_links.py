"""Which of the possible summits a document goes to (`summit_links`),
table-driven over plain mentions."""

from __future__ import annotations

import pytest

from kzextract.mention import Mention
from kzextract.summit_links import own_city_first


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
