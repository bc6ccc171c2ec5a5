"""A resolved mention as plain values, and sorted indexes over mentions, for
the attribute decisions (`summit_attrs`, `document_attrs`, `orgids`).

Offsets are character offsets into the doc's text (the matching view);
`first`/`last` are its token range. Lookups use sorted offsets and bisect,
so the attributes of a text cost O(n log n) however many mentions it has.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence


@dataclass
class Mention:
    label: str
    start: int
    end: int
    first: int
    last: int
    text: str
    rule: str = ""
    norm: Optional[str] = None
    attrs: dict[str, Any] = field(default_factory=dict)
    summit: Optional[int] = None  # index of the adopting SUMMIT mention
    # Organizations named inside a SUMMIT or DOCUMENT: (first, last) tokens and id.
    inner_orgs: list[tuple[int, int, str]] = field(default_factory=list)


def char_distance(a: Mention, b: Mention) -> int:
    return max(0, b.start - a.end, a.start - b.end)


class MentionIndex:
    """Mentions of each label, sorted by start, with offset lookups."""

    def __init__(self, mentions: Sequence[Mention]):
        self.mentions = mentions
        self._ids: dict[str, list[int]] = {}
        for i, m in enumerate(mentions):
            self._ids.setdefault(m.label, []).append(i)
        for ids in self._ids.values():
            ids.sort(key=lambda i: mentions[i].start)
        self._starts = {label: [mentions[i].start for i in ids] for label, ids in self._ids.items()}
        self._rank = {i: k for ids in self._ids.values() for k, i in enumerate(ids)}
        self._by_first: dict[str, dict[int, int]] = {
            label: {mentions[i].first: i for i in ids} for label, ids in self._ids.items()
        }

    def of(self, label: str) -> list[int]:
        return self._ids.get(label, [])

    def between(self, label: str, lo: int, hi: int) -> list[int]:
        """Indices of `label` mentions starting in [lo, hi), in text order."""
        starts = self._starts.get(label)
        if not starts:
            return []
        ids = self._ids[label]
        return ids[bisect_left(starts, lo) : bisect_left(starts, hi)]

    def count_between(self, label: str, lo: int, hi: int) -> int:
        starts = self._starts.get(label, [])
        return bisect_left(starts, hi) - bisect_left(starts, lo)

    def last_before(self, label: str, hi: int, lo: int = 0) -> Optional[int]:
        """The last `label` mention starting in [lo, hi)."""
        starts = self._starts.get(label)
        if not starts:
            return None
        k = bisect_left(starts, hi) - 1
        return self._ids[label][k] if k >= 0 and starts[k] >= lo else None

    def first_after(self, label: str, lo: int, hi: int) -> Optional[int]:
        """The first `label` mention starting in [lo, hi)."""
        starts = self._starts.get(label)
        if not starts:
            return None
        k = bisect_left(starts, lo)
        return self._ids[label][k] if k < len(starts) and starts[k] < hi else None

    def neighbours(self, i: int) -> tuple[Optional[int], Optional[int]]:
        """The mentions of the same label just before and just after mention `i`."""
        ids = self._ids[self.mentions[i].label]
        k = self._rank[i]
        return (ids[k - 1] if k > 0 else None), (ids[k + 1] if k + 1 < len(ids) else None)

    def at_token(self, label: str, first: int) -> Optional[int]:
        """The `label` mention whose first token is `first`."""
        return self._by_first.get(label, {}).get(first)

    def nearest(self, label: str, at: int, exclude: int) -> Optional[int]:
        """The `label` mention (not `exclude`) nearest to offset `at`."""
        starts = self._starts.get(label)
        if not starts:
            return None
        ids = self._ids[label]
        k = bisect_right(starts, at)
        best = None
        for j in (k - 2, k - 1, k, k + 1):
            if 0 <= j < len(ids) and ids[j] != exclude:
                m = self.mentions[ids[j]]
                d = max(0, m.start - at, at - m.end)
                if best is None or d < best[0]:
                    best = (d, ids[j])
        return best[1] if best else None
