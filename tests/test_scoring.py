"""Hand-computed cases for the scorer, across several documents and labels.

Aggregation over documents is where well-known scorers went wrong, so most
cases use two or more documents and check counts as well as ratios.
"""

from __future__ import annotations

import itertools
import json
from typing import Any, Optional

import pytest

from kzextract.schema import LABELS, DocRecord
from kzextract.scoring import (
    check_min_f1,
    format_table,
    lenient_counts,
    list_errors,
    pairwise_id_agreement,
    prf,
    score,
)

pytestmark = pytest.mark.filterwarnings("error")


def span(text: str, sid: str, surface: str, label: str, norm: Optional[str] = None, *, nth: int = 0, **attrs: Any) -> dict:
    """A span dict for the `nth` occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {
        "id": sid,
        "start": start,
        "end": start + len(surface),
        "label": label,
        "text": surface,
        "norm": norm,
        "attrs": attrs,
    }


def doc(doc_id: str, text: Optional[str], spans: list[dict]) -> DocRecord:
    return DocRecord.model_validate({"doc_id": doc_id, "text": text, "spans": spans})


T1 = "The Shanghai Cooperation Organization (SCO) met in Astana in June 2001 ."
T2 = "Kazakh Foreign Ministry and CICA signed the Astana Declaration in 2022 ."


def gold_1() -> DocRecord:
    return doc(
        "d1",
        T1,
        [
            span(T1, "m1", "Shanghai Cooperation Organization", "ORG", "SCO"),
            span(T1, "m2", "SCO", "ORG", "SCO"),
            span(T1, "m3", "June 2001", "DATE", "2001-06"),
        ],
    )


def strict(report: dict, label: str) -> tuple:
    row = report["strict"][label]
    return row["tp"], row["fp"], row["fn"]


def lenient(report: dict, label: str) -> tuple:
    row = report["lenient"][label]
    return row["tp"], row["fp"], row["fn"]


# ---------------------------------------------------------------- P/R/F basics


def test_prf_convention_zero_denominators():
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(0, 2, 0) == (0.0, 0.0, 0.0)
    assert prf(1, 1, 2) == pytest.approx((0.5, 1 / 3, 0.4))


def test_exact_match_everything_is_one():
    gold = [gold_1()]
    report = score(gold, [gold_1()], bootstrap=0)
    assert strict(report, "ORG") == (2, 0, 0)
    assert strict(report, "DATE") == (1, 0, 0)
    for kind in ("strict", "lenient"):
        for name in ("ORG", "DATE", "micro"):
            assert report[kind][name]["f"] == 1.0
    assert report["date"]["norm_accuracy"] == 1.0
    assert report["date"]["value_f"] == 1.0
    assert report["counts"]["gold"] == {"ORG": 2, "DATE": 1, "SUMMIT": 0, "DOCUMENT": 0}
    assert report["unmatched_docs"] == []
    assert report["n_docs"] == 1
    json.dumps(report)  # plain data for --json


def test_boundary_miss_is_strict_fp_and_fn_but_lenient_tp():
    gold = [doc("d2", T2, [span(T2, "m1", "Kazakh Foreign Ministry", "ORG", "KZ-MFA")])]
    pred = [doc("d2", None, [span(T2, "p1", "Foreign Ministry", "ORG", "KZ-MFA")])]
    report = score(gold, pred, bootstrap=0)
    assert strict(report, "ORG") == (0, 1, 1)
    assert report["strict"]["ORG"]["f"] == 0.0
    assert lenient(report, "ORG") == (1, 0, 0)
    assert report["lenient"]["ORG"]["f"] == 1.0


def test_label_miss_counts_on_both_labels_strict_and_lenient():
    gold = [doc("d2", T2, [span(T2, "m1", "CICA", "ORG", "CICA")])]
    pred = [doc("d2", T2, [span(T2, "p1", "CICA", "DATE", "2022")])]
    report = score(gold, pred, bootstrap=0)
    assert strict(report, "ORG") == (0, 0, 1)
    assert strict(report, "DATE") == (0, 1, 0)
    assert lenient(report, "ORG") == (0, 0, 1)
    assert lenient(report, "DATE") == (0, 1, 0)
    assert strict(report, "micro") == (0, 1, 1)


def test_partial_overlap_two_candidates_is_one_to_one():
    # One gold span, two predictions inside it: only one may take the credit.
    gold = [doc("d1", T1, [span(T1, "m1", "Shanghai Cooperation Organization", "ORG", "SCO")])]
    pred = [
        doc(
            "d1",
            T1,
            [
                span(T1, "p1", "Shanghai Cooperation", "ORG", "SCO"),
                span(T1, "p2", "Organization", "ORG", "SCO"),
            ],
        )
    ]
    report = score(gold, pred, bootstrap=0)
    assert lenient(report, "ORG") == (1, 1, 0)
    assert report["lenient"]["ORG"]["p"] == 0.5
    assert strict(report, "ORG") == (0, 2, 1)

    # The other way round: one prediction covering two gold spans.
    text = "SCO RATS met ."
    gold = [doc("x", text, [span(text, "m1", "SCO", "ORG", "SCO"), span(text, "m2", "RATS", "ORG", "SCO-RATS")])]
    pred = [doc("x", text, [span(text, "p1", "SCO RATS", "ORG", "SCO-RATS")])]
    assert lenient(score(gold, pred, bootstrap=0), "ORG") == (1, 0, 1)


def test_lenient_greedy_takes_largest_overlap_first_and_ignores_input_order():
    gold = [(0, 10), (12, 30)]
    pred = [(5, 20), (0, 4)]  # (5,20) overlaps gold A by 5 and B by 8 -> B; (0,4) -> A
    assert lenient_counts(gold, pred) == lenient_counts(gold[::-1], pred[::-1])
    counts = lenient_counts(gold, pred)
    assert (counts.tp, counts.fp, counts.fn) == (2, 0, 0)
    # Greedy, not maximum matching: (5,20) takes B, (13,16) is left over, A is missed.
    counts = lenient_counts(gold, [(13, 16), (5, 20)])
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)
    # Touching spans do not overlap ([start, end) offsets).
    counts = lenient_counts([(0, 10)], [(10, 12)])
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 1)


def test_empty_document_and_empty_labels():
    gold = [gold_1(), doc("empty", "Nothing here .", [])]
    pred = [gold_1(), doc("empty", None, [])]
    report = score(gold, pred, bootstrap=0)
    assert report["n_docs"] == 2
    assert strict(report, "micro") == (3, 0, 0)
    # No SUMMIT anywhere: spaCy's PRFScore convention, 0.0 with zero counts ...
    assert report["strict"]["SUMMIT"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 0}
    # ... and, as spaCy leaves absent labels out of per-type scores, out of the macro mean.
    assert report["strict"]["macro"] == {"f": 1.0, "labels": ["ORG", "DATE"]}
    # All empty: nothing to score, everything 0.0.
    empty = score([doc("e", "x", [])], [doc("e", "x", [])], bootstrap=10)
    assert empty["strict"]["micro"]["f"] == 0.0
    assert empty["strict"]["macro"] == {"f": 0.0, "labels": []}
    assert empty["strict"]["micro"]["ci"] == [0.0, 0.0]


def test_macro_is_mean_of_label_f1():
    gold = [gold_1()]
    pred = [doc("d1", T1, [span(T1, "p1", "SCO", "ORG", "SCO"), span(T1, "p3", "June 2001", "DATE", "2001-06")])]
    report = score(gold, pred, bootstrap=0)
    org_f = prf(1, 0, 1)[2]
    assert report["strict"]["macro"]["f"] == pytest.approx((org_f + 1.0) / 2)


def test_gold_document_missing_from_predictions_counts_as_false_negatives():
    gold = [gold_1(), doc("d2", T2, [span(T2, "m1", "CICA", "ORG", "CICA")])]
    report = score(gold, [gold_1()], bootstrap=0)
    assert strict(report, "ORG") == (2, 0, 1)
    assert lenient(report, "ORG") == (2, 0, 1)
    assert report["strict"]["ORG"]["r"] == pytest.approx(2 / 3)
    assert report["unmatched_docs"] == []


def test_predicted_document_not_in_gold_is_ignored_but_reported():
    stray = doc("stray", None, [span(T2, "p1", "CICA", "ORG", "CICA")])
    report = score([gold_1()], [stray, gold_1()], bootstrap=0)
    assert report["unmatched_docs"] == ["stray"]
    assert strict(report, "ORG") == (2, 0, 0)
    assert report["counts"]["pred"]["ORG"] == 2


def test_duplicate_doc_id_is_an_error():
    with pytest.raises(ValueError, match="duplicate doc_id 'd1' in predictions"):
        score([gold_1()], [gold_1(), gold_1()], bootstrap=0)


def test_multi_document_micro_sums_counts_not_ratios():
    # d1: ORG 2 tp. d2: ORG 0 tp, 3 fp, 1 fn; DATE 1 tp, 1 fn.
    gold = [
        gold_1(),
        doc(
            "d2",
            T2,
            [
                span(T2, "m1", "CICA", "ORG", "CICA"),
                span(T2, "m2", "2022", "DATE", "2022"),
                span(T2, "m3", "Kazakh", "DATE", "2020"),  # odd, but it makes a DATE fn
            ],
        ),
    ]
    pred = [
        gold_1(),
        doc(
            "d2",
            None,
            [
                span(T2, "p1", "Kazakh Foreign Ministry", "ORG", "KZ-MFA"),
                span(T2, "p2", "Astana", "ORG", "ASTANA"),
                span(T2, "p3", "Declaration", "ORG", "X"),
                span(T2, "p4", "2022", "DATE", "2022"),
            ],
        ),
    ]
    report = score(gold, pred, bootstrap=0)
    assert strict(report, "ORG") == (2, 3, 1)
    assert report["strict"]["ORG"]["p"] == pytest.approx(2 / 5)  # not mean(1.0, 0.0)
    assert report["strict"]["ORG"]["r"] == pytest.approx(2 / 3)
    assert strict(report, "DATE") == (2, 0, 1)
    assert strict(report, "micro") == (4, 3, 2)
    micro = report["strict"]["micro"]
    assert (micro["p"], micro["r"]) == pytest.approx((4 / 7, 4 / 6))
    assert micro["f"] == pytest.approx(2 * (4 / 7) * (4 / 6) / (4 / 7 + 4 / 6))
    # Lenient: Kazakh Foreign Ministry overlaps gold DATE "Kazakh" but labels differ.
    assert lenient(report, "ORG") == (2, 3, 1)
    assert lenient(report, "DATE") == (2, 0, 1)


def test_repeated_prediction_counts_once():
    gold = [doc("d2", T2, [span(T2, "m1", "CICA", "ORG", "CICA")])]
    pred = [doc("d2", None, [span(T2, "p1", "CICA", "ORG", "CICA"), span(T2, "p2", "CICA", "ORG", "CICA")])]
    report = score(gold, pred, bootstrap=0)
    assert strict(report, "ORG") == (1, 0, 0)
    assert lenient(report, "ORG") == (1, 0, 0)


# ---------------------------------------------------------------- DATE norms


def test_date_norm_wrong_is_strict_tp_but_value_fp_and_fn():
    text = "in June 2001 and 1996 and the 1990s ."
    gold = [
        doc(
            "d",
            text,
            [
                span(text, "m1", "June 2001", "DATE", "2001-06"),
                span(text, "m2", "1996", "DATE", "1996"),
                span(text, "m3", "1990s", "DATE", "199X"),
            ],
        )
    ]
    pred = [
        doc(
            "d",
            None,
            [
                span(text, "p1", "June 2001", "DATE", "2001-07"),  # norm wrong
                span(text, "p2", "1996", "DATE", "1996"),  # right
                span(text, "p3", "the 1990s", "DATE", "199X"),  # boundary miss
            ],
        )
    ]
    report = score(gold, pred, bootstrap=0)
    assert strict(report, "DATE") == (2, 1, 1)
    date = report["date"]
    assert (date["n"], date["correct"]) == (2, 1)
    assert date["norm_accuracy"] == 0.5
    assert (date["value_tp"], date["value_fp"], date["value_fn"]) == (1, 2, 2)
    assert date["value_p"] == pytest.approx(1 / 3)
    assert date["value_r"] == pytest.approx(1 / 3)
    assert date["value_f"] == pytest.approx(1 / 3)


def test_date_scores_without_matches_are_zero():
    report = score([gold_1()], [doc("d1", None, [])], bootstrap=0)
    assert report["date"]["n"] == 0
    assert report["date"]["norm_accuracy"] == 0.0
    assert report["date"]["value_f"] == 0.0


# ---------------------------------------------------------------- ORG ids


ORG_TEXT = "SCO , SCO , Shanghai Cooperation Organization , CICA , CICA ."


def _org_docs(gold_ids: list[str], pred_ids: list[str]) -> tuple[list[DocRecord], list[DocRecord]]:
    """Two documents with the same five ORG mentions each; ids per mention."""
    surfaces = [("SCO", 0), ("SCO", 1), ("Shanghai Cooperation Organization", 0), ("CICA", 0), ("CICA", 1)]

    def build(doc_id: str, ids: list[str]) -> DocRecord:
        return doc(
            doc_id,
            ORG_TEXT,
            [span(ORG_TEXT, f"m{i}", s, "ORG", norm, nth=k) for i, ((s, k), norm) in enumerate(zip(surfaces, ids))],
        )

    gold = [build("a", gold_ids[:5]), build("b", gold_ids[5:])]
    pred = [build("a", pred_ids[:5]), build("b", pred_ids[5:])]
    return gold, pred


def test_org_ids_spelled_differently_same_partition_is_perfect():
    gold, pred = _org_docs(
        ["SCO", "SCO", "SCO", "CICA", "CICA"] * 2,
        ["shanghai-co", "shanghai-co", "shanghai-co", "conf-asia", "conf-asia"] * 2,
    )
    ids = score(gold, pred, bootstrap=0)["org_ids"]
    assert ids["n_mentions"] == 10
    assert ids["n_pairs"] == 45
    assert (ids["p"], ids["r"], ids["f"]) == (1.0, 1.0, 1.0)
    # Pooled across documents: SCO has 6 mentions (15 pairs), CICA 4 (6 pairs).
    assert ids["same_gold"] == 21


def test_org_ids_split_partition_hand_computed():
    # Gold: SCO x6, CICA x4 (21 same pairs). Pred splits SCO by document
    # (3+3 -> 6 pairs) and keeps CICA whole (6 pairs): 12 pairs, all right.
    gold, pred = _org_docs(
        ["SCO", "SCO", "SCO", "CICA", "CICA"] * 2,
        ["SCO-A", "SCO-A", "SCO-A", "CICA", "CICA", "SCO-B", "SCO-B", "SCO-B", "CICA", "CICA"],
    )
    ids = score(gold, pred, bootstrap=0)["org_ids"]
    assert (ids["same_both"], ids["same_gold"], ids["same_pred"]) == (12, 21, 12)
    assert ids["p"] == 1.0
    assert ids["r"] == pytest.approx(12 / 21)
    assert ids["f"] == pytest.approx(2 * (12 / 21) / (1 + 12 / 21))


def test_org_ids_merged_partition_hand_computed():
    # Pred puts everything in one cluster: 45 same pairs, 21 of them right.
    gold, pred = _org_docs(["SCO", "SCO", "SCO", "CICA", "CICA"] * 2, ["ORG"] * 10)
    ids = score(gold, pred, bootstrap=0)["org_ids"]
    assert ids["p"] == pytest.approx(21 / 45)
    assert ids["r"] == 1.0


def test_org_ids_only_strict_matches_count():
    gold, pred = _org_docs(["SCO", "SCO", "SCO", "CICA", "CICA"] * 2, ["X"] * 10)
    pred[1].spans.clear()
    ids = score(gold, pred, bootstrap=0)["org_ids"]
    assert ids["n_mentions"] == 5
    assert (ids["same_gold"], ids["same_pred"], ids["same_both"]) == (4, 10, 4)


def test_pairwise_agreement_matches_brute_force():
    gold = ["a", "a", "b", "b", "b", "c", None, None]
    pred = ["x", "y", "y", "y", "z", "z", "w", "w"]
    result = pairwise_id_agreement(zip(gold, pred))
    both = same_gold = same_pred = 0
    for i, j in itertools.combinations(range(len(gold)), 2):
        g = gold[i] is not None and gold[i] == gold[j]
        p = pred[i] is not None and pred[i] == pred[j]
        same_gold += g
        same_pred += p
        both += g and p
    assert (result["same_both"], result["same_gold"], result["same_pred"]) == (both, same_gold, same_pred)
    assert result["n_pairs"] == 28


# ---------------------------------------------------------------- attributes


AT = "The VI CICA summit in Astana adopted the Astana Statement ; the SCO summit adopted the Charter ."


def test_attrs_accuracy_and_summit_link_by_offsets():
    gold = [
        doc(
            "s",
            AT,
            [
                span(AT, "m9", "VI CICA summit", "SUMMIT", org="CICA", place="Astana", ordinal=6),
                span(AT, "m10", "Astana Statement", "DOCUMENT", type="statement", org="CICA", summit="m9"),
                span(AT, "m11", "SCO summit", "SUMMIT", org="SCO"),
                span(AT, "m12", "Charter", "DOCUMENT", type="charter", summit="m11"),
            ],
        )
    ]
    pred = [
        doc(
            "s",
            None,
            [
                # ids differ from gold; the link is compared by offsets
                span(AT, "a", "VI CICA summit", "SUMMIT", org="CICA", ordinal=5),
                span(AT, "b", "Astana Statement", "DOCUMENT", type="statement", org="CICA", summit="a"),
                span(AT, "c", "SCO summit", "SUMMIT", org="SCO", date="2001"),
                span(AT, "d", "Charter", "DOCUMENT", type="charter", summit="a"),  # wrong summit
            ],
        )
    ]
    attrs = score(gold, pred, bootstrap=0)["attrs"]
    assert attrs["SUMMIT"]["org"] == {"correct": 2, "n": 2, "accuracy": 1.0}
    assert attrs["SUMMIT"]["place"] == {"correct": 0, "n": 1, "accuracy": 0.0}  # only gold has it
    assert attrs["SUMMIT"]["ordinal"] == {"correct": 0, "n": 1, "accuracy": 0.0}
    assert attrs["SUMMIT"]["date"] == {"correct": 0, "n": 1, "accuracy": 0.0}  # only pred has it
    assert attrs["DOCUMENT"]["type"] == {"correct": 2, "n": 2, "accuracy": 1.0}
    assert attrs["DOCUMENT"]["org"] == {"correct": 1, "n": 1, "accuracy": 1.0}
    assert attrs["DOCUMENT"]["date"] == {"correct": 0, "n": 0, "accuracy": 0.0}  # neither has it
    assert attrs["DOCUMENT"]["summit"] == {"correct": 1, "n": 2, "accuracy": 0.5}


def test_summit_link_same_id_string_but_different_span_is_wrong():
    gold = [doc("s", AT, [span(AT, "m1", "VI CICA summit", "SUMMIT"), span(AT, "m2", "Charter", "DOCUMENT", summit="m1")])]
    pred = [doc("s", None, [span(AT, "m1", "SCO summit", "SUMMIT"), span(AT, "m2", "Charter", "DOCUMENT", summit="m1")])]
    assert score(gold, pred, bootstrap=0)["attrs"]["DOCUMENT"]["summit"]["correct"] == 0


def test_dangling_summit_links_never_agree():
    gold = [doc("s", AT, [span(AT, "m2", "Charter", "DOCUMENT", summit="nowhere")])]
    pred = [doc("s", None, [span(AT, "p2", "Charter", "DOCUMENT", summit="nowhere")])]
    assert score(gold, pred, bootstrap=0)["attrs"]["DOCUMENT"]["summit"] == {"correct": 0, "n": 1, "accuracy": 0.0}


# ---------------------------------------------------------------- bootstrap


def _many_docs() -> tuple[list[DocRecord], list[DocRecord]]:
    gold, pred = [], []
    for i in range(30):
        spans = [span(T2, "m1", "CICA", "ORG", "CICA"), span(T2, "m2", "2022", "DATE", "2022")]
        gold.append(doc(f"d{i}", T2, spans))
        kept = spans[: 1 + i % 2] if i % 3 else [span(T2, "p", "Astana", "ORG", "X")]
        pred.append(doc(f"d{i}", None, kept))
    return gold, pred


def test_bootstrap_is_reproducible_and_brackets_the_estimate():
    gold, pred = _many_docs()
    first = score(gold, pred, bootstrap=300, seed=7)
    again = score(gold, pred, bootstrap=300, seed=7)
    other = score(gold, pred, bootstrap=300, seed=8)
    for name in (*LABELS, "micro"):
        assert first["strict"][name]["ci"] == again["strict"][name]["ci"]
    assert first["strict"]["micro"]["ci"] != other["strict"]["micro"]["ci"]
    for name in ("ORG", "DATE", "micro"):
        low, high = first["strict"][name]["ci"]
        assert 0.0 <= low <= first["strict"][name]["f"] <= high <= 1.0
        assert low < high
    # Only strict per-label and micro carry intervals.
    assert "ci" not in first["strict"]["macro"]
    assert all("ci" not in row for row in first["lenient"].values())


def test_bootstrap_zero_disables_intervals():
    gold, pred = _many_docs()
    report = score(gold, pred, bootstrap=0)
    assert all("ci" not in row for row in report["strict"].values())
    assert "95% CI" not in format_table(report)


# ---------------------------------------------------------------- spaCy agreement


def test_strict_scores_agree_with_spacy_score_spans():
    spacy = pytest.importorskip("spacy")
    from spacy.scorer import Scorer
    from spacy.training import Example

    nlp = spacy.blank("en")
    texts = {
        "a": "The Shanghai Cooperation Organization met in Astana in June 2001 and adopted the Astana Declaration .",
        "b": "CICA and the SCO held the VI CICA summit in 2022 ; NATO did not .",
        "c": "Nothing to see in 1996 here .",
        "d": "The OSCE Astana Summit adopted the Astana Commemorative Declaration .",
    }
    gold_spans = {
        "a": [("Shanghai Cooperation Organization", "ORG"), ("June 2001", "DATE"), ("Astana Declaration", "DOCUMENT")],
        "b": [("CICA", "ORG"), ("SCO", "ORG"), ("VI CICA summit", "SUMMIT"), ("2022", "DATE"), ("NATO", "ORG")],
        "c": [("1996", "DATE")],
        "d": [("OSCE Astana Summit", "SUMMIT"), ("Astana Commemorative Declaration", "DOCUMENT")],
    }
    pred_spans = {
        "a": [("Shanghai Cooperation", "ORG"), ("June 2001", "DATE"), ("Astana Declaration", "DOCUMENT")],
        "b": [("CICA", "ORG"), ("SCO", "DATE"), ("VI CICA summit", "SUMMIT"), ("2022", "DATE"), ("NATO", "DATE")],
        "c": [],
        "d": [("OSCE", "ORG"), ("Astana Commemorative Declaration", "DOCUMENT")],
    }

    def records(spans_by_doc: dict) -> list[DocRecord]:
        out = []
        for doc_id, items in spans_by_doc.items():
            text = texts[doc_id]
            spans = [span(text, f"m{i}", s, label, "X" if label in ("ORG", "DATE") else None) for i, (s, label) in enumerate(items)]
            out.append(doc(doc_id, text, spans))
        return out

    def spacy_doc(record: DocRecord):
        sdoc = nlp.make_doc(record.text)
        ents = [sdoc.char_span(s.start, s.end, label=s.label) for s in record.spans]
        assert all(e is not None for e in ents), "span boundaries must fall on tokens"
        sdoc.ents = ents
        return sdoc

    gold, pred = records(gold_spans), records(pred_spans)
    examples = [Example(spacy_doc(p), spacy_doc(g)) for g, p in zip(gold, pred)]
    expected = Scorer.score_spans(examples, "ents")
    report = score(gold, pred, bootstrap=0)

    micro = report["strict"]["micro"]
    assert (micro["p"], micro["r"], micro["f"]) == pytest.approx(
        (expected["ents_p"], expected["ents_r"], expected["ents_f"])
    )
    assert set(expected["ents_per_type"]) == set(LABELS)
    for label, scores in expected["ents_per_type"].items():
        row = report["strict"][label]
        assert (row["p"], row["r"], row["f"]) == pytest.approx((scores["p"], scores["r"], scores["f"])), label


# ---------------------------------------------------------------- reporting helpers


def test_check_min_f1_reports_every_label_below_threshold():
    gold, pred = _many_docs()
    report = score(gold, pred, bootstrap=0)
    f_org = report["strict"]["ORG"]["f"]
    messages = check_min_f1(report, {"ORG": f_org, "date": 0.99, "micro": 0.99, "SUMMIT": 0.5})
    assert len(messages) == 3
    assert messages[0].startswith("strict F1 of DATE is")
    assert "micro" in messages[1]
    assert "no gold or predicted spans" in messages[2]
    assert check_min_f1(report, {"ORG": f_org}) == []
    with pytest.raises(ValueError, match="unknown label 'PERSON'"):
        check_min_f1(report, {"PERSON": 0.5})


def test_format_table_lists_labels_and_sections():
    gold, pred = _many_docs()
    table = format_table(score(gold, pred + [doc("stray", None, [])], bootstrap=50))
    for word in (*LABELS, "micro", "macro", "DATE norms", "ORG ids", "attributes", "stray", "95% CI"):
        assert word in table


def test_list_errors_shows_context_and_newlines():
    text = "First line\nThe Kazakh Foreign Ministry said\nthat CICA met ."
    gold = [doc("n", text, [span(text, "m1", "Kazakh Foreign Ministry", "ORG", "KZ-MFA"), span(text, "m2", "CICA", "ORG", "CICA")])]
    pred = [doc("n", None, [span(text, "p1", "Foreign Ministry", "ORG", "KZ-MFA"), span(text, "p2", "said", "DATE", "2020")])]
    out = list_errors(gold, pred, 1)
    assert "ORG false positives: 1" in out
    assert "ORG false negatives: 2, first 1 shown" in out
    assert "First line⏎The Kazakh ⟦Foreign Ministry⟧ said⏎that CICA met ." in out
    assert "[gold: ORG" in out  # the overlapping gold span explains the miss
    assert "DATE false positives: 1" in out
    # Context is about 40 characters each side.
    long_text = "x" * 100 + " CICA " + "y" * 100
    far = list_errors([doc("l", long_text, [span(long_text, "m", "CICA", "ORG", "CICA")])], [], 5)
    line = [row for row in far.splitlines() if "⟦CICA⟧" in row][0]
    assert "x" * 39 + " ⟦CICA⟧ " + "y" * 39 in line and "x" * 41 not in line


@pytest.mark.parametrize(
    "thresholds, expected",
    [
        ({"SUMMIT.date": 0.5}, []),
        ({"SUMMIT.date": 0.75}, ["accuracy of SUMMIT.date is 0.667, below 0.750"]),
        ({"summit.date": 0.75, "DOCUMENT.summit": 0.1}, ["accuracy of SUMMIT.date is 0.667, below 0.750"]),
        ({"DOCUMENT.org": 0.5}, ["accuracy of DOCUMENT.org has nothing to count (no strict match carries it)"]),
    ],
)
def test_check_min_attr(thresholds, expected):
    from kzextract.scoring import check_min_attr

    report = {
        "attrs": {
            "SUMMIT": {"org": {"correct": 1, "n": 1, "accuracy": 1.0}, "date": {"correct": 2, "n": 3, "accuracy": 2 / 3}},
            "DOCUMENT": {"org": {"correct": 0, "n": 0, "accuracy": 0.0}, "summit": {"correct": 1, "n": 2, "accuracy": 0.5}},
        }
    }
    assert check_min_attr(report, thresholds) == expected


def test_check_min_attr_refuses_an_unknown_attribute():
    from kzextract.scoring import check_min_attr

    with pytest.raises(ValueError, match="unknown attribute 'SUMMIT.venue'"):
        check_min_attr({"attrs": {"SUMMIT": {"date": {"correct": 0, "n": 0, "accuracy": 0.0}}}}, {"SUMMIT.venue": 0.5})
