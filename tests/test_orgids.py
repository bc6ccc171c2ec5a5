"""Organization ids shared within a text (`orgids`), table-driven."""

from __future__ import annotations

import pytest

from kzextract.mention import Mention
from kzextract.orgids import organization_of, share_short_names
from kzextract.ruleset import load_rules


@pytest.fixture(scope="module")
def kb():
    return load_rules().orgs


def _org(text, norm):
    return Mention("ORG", 0, 1, 0, 1, text, norm=norm)


@pytest.mark.parametrize(
    "names, expected",
    [
        # a body named again without its qualifier is the body named before
        ([("OSCE Ministerial Council", "OSCE-MINISTERIAL-COUNCIL"), ("Ministerial Council", "MINISTERIAL-COUNCIL")],
         ["OSCE-MINISTERIAL-COUNCIL", "OSCE-MINISTERIAL-COUNCIL"]),
        # a name the knowledge base knows keeps its own id; a name named first is not changed by a later longer one
        ([("UN Security Council", "UNSC"), ("Security Council", "UNSC")], ["UNSC", "UNSC"]),
        ([("Ministerial Council", "MINISTERIAL-COUNCIL"), ("OSCE Ministerial Council", "OSCE-MINISTERIAL-COUNCIL")],
         ["MINISTERIAL-COUNCIL", "OSCE-MINISTERIAL-COUNCIL"]),
    ],
)
def test_share_short_names(kb, names, expected):
    orgs = [_org(text, norm) for text, norm in names]
    share_short_names(orgs, kb)
    assert [m.norm for m in orgs] == expected


@pytest.mark.parametrize(
    "norm, expected",
    [("OSCE-MINISTERIAL-COUNCIL", "OSCE"), ("SCO-CHS", "SCO"), ("MINISTERIAL-COUNCIL", None), ("CICA", "CICA")],
)
def test_organization_of(kb, norm, expected):
    assert organization_of(norm, kb) == expected
