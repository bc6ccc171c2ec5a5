"""Quality gates over a score report: the thresholds `make test` and CI
hold the extractor to. Pure functions; an empty list means all are met."""

from __future__ import annotations

from typing import Any, Mapping

from ..schema import LABELS


def check_min_f1(report: Mapping[str, Any], thresholds: Mapping[str, float]) -> list[str]:
    """One message per label (or `micro`/`macro`) whose strict F1 is below
    its threshold; an empty list means all thresholds are met.

    Keys are matched case-insensitively (`org`, `ORG`, `Micro`). An unknown
    key raises ValueError: a typo must not pass a CI gate silently.
    """
    strict = report["strict"]
    by_lower = {name.lower(): name for name in strict}
    messages = []
    for key, threshold in thresholds.items():
        name = by_lower.get(key.lower())
        if name is None:
            raise ValueError(f"unknown label {key!r} in F1 thresholds; known: {', '.join(strict)}")
        f = strict[name]["f"]
        if f < threshold:
            note = ""
            if name in LABELS and strict[name]["tp"] + strict[name]["fp"] + strict[name]["fn"] == 0:
                note = " (no gold or predicted spans)"
            messages.append(f"strict F1 of {name} is {f:.3f}, below {threshold:.3f}{note}")
    return messages


def check_min_attr(report: Mapping[str, Any], thresholds: Mapping[str, float]) -> list[str]:
    """One message per attribute (`SUMMIT.date`, `DOCUMENT.summit`, …) whose
    accuracy over strict matches is below its threshold. An unknown label or
    key raises ValueError; an attribute with nothing to count fails, since a
    floor that measures nothing guards nothing."""
    messages = []
    for key, threshold in thresholds.items():
        label, _, attr = key.partition(".")
        by_lower = {name.lower(): name for name in report["attrs"]}
        name = by_lower.get(label.lower())
        if name is None or attr not in report["attrs"][name]:
            known = ", ".join(f"{lab}.{k}" for lab, keys in report["attrs"].items() for k in keys)
            raise ValueError(f"unknown attribute {key!r} in thresholds; known: {known}")
        tally = report["attrs"][name][attr]
        if tally["n"] == 0:
            messages.append(f"accuracy of {name}.{attr} has nothing to count (no strict match carries it)")
        elif tally["accuracy"] < threshold:
            messages.append(f"accuracy of {name}.{attr} is {tally['accuracy']:.3f}, below {threshold:.3f}")
    return messages
