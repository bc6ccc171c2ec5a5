"""The organization knowledge base (`rules/orgs.jsonl`) and stable ids.

Spelling variants (Organisation/Organization, Confidence-Building /
Confidence Building, Programme/Program, …) are generated here rather than
listed in the data, so one line per organization covers them all.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .names import MEMBER_SUFFIXES
from .rule_schema import OrgEntry, read_rule_file, rules_dir
from .textview import unhyphenate

# British/American and hyphenation pairs; each side is generated from the other.
_SPELLING_PAIRS = [
    ("organisation", "organization"),
    ("programme", "program"),
    ("centre", "center"),
    ("defence", "defense"),
    ("catalogue", "catalog"),
    ("co-operation", "cooperation"),
    ("labour", "labor"),
    ("anti-terrorist", "anti-terrorism"),
]
_CANONICAL = {british: american for british, american in _SPELLING_PAIRS}
_HYPHENATED_PAIRS = [(b, a) for b, a in _SPELLING_PAIRS if "-" in b]
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_LEADING_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"['’]s$")
# "Council of Heads of State – Members of the SCO", "Secretariat of the CICA": an organ, then its parent.
_PARENT_JOINT = re.compile(r"\s+(?:[–—-]\s*\w+\s+of|of)\s+(?:the\s+)?")


@lru_cache(maxsize=1 << 18)
def org_key(name: str) -> str:
    """Lookup key of an organization name: case, hyphens, spelling, a
    leading determiner and `the` after `of` do not matter ("the Shanghai
    Cooperation Organisation" and "Shanghai Cooperation Organization" share
    one key)."""
    # Cached: `names_in` keys every run of words it tries, and the same runs
    # recur in title after title (a full load asks for a few hundred thousand).
    text = _LEADING_DETERMINER.sub("", " ".join(name.split()))
    text = _POSSESSIVE.sub("", text).lower()
    for british, american in _HYPHENATED_PAIRS:  # before hyphens split the words
        # Also as the matching view writes it, with a space for the hyphen.
        text = text.replace(british, american).replace(british.replace("-", " "), american)
    words = [_CANONICAL.get(w, w) for w in _WORD.findall(text)]
    # "Organization of the Turkic States" is the Organization of Turkic States.
    words = [w for k, w in enumerate(words) if not (w == "the" and k > 0 and words[k - 1] == "of")]
    return " ".join(words)


def slug_id(name: str) -> str:
    """Stable id for an organization that is not in the knowledge base."""
    return "-".join(org_key(name).upper().split()) or "UNKNOWN"


def spelling_variants(name: str, limit: int = 16) -> list[str]:
    """The name as written plus its spelling and hyphenation variants."""
    words = name.split()
    options: list[list[str]] = []
    for word in words:
        forms = {word}
        lower = word.lower()
        for british, american in _SPELLING_PAIRS:
            if lower == british:
                forms.add(_match_case(american, word))
            elif lower == american:
                forms.add(_match_case(british, word))
        if "-" in word.strip("-"):
            forms.add(word.replace("-", " "))
        options.append(sorted(forms))
    variants = [" ".join(combo) for combo in itertools.islice(itertools.product(*options), limit)]
    return sorted(set(variants), key=variants.index)


def _match_case(word: str, model: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


ORG_ID_CACHE_SIZE = 1 << 16


@dataclass
class OrgKB:
    entries: list[OrgEntry]
    by_id: dict[str, OrgEntry] = field(init=False)
    by_key: dict[str, str] = field(init=False)
    by_acronym: dict[str, str] = field(init=False)
    # The first key word of every name: where no name can start, names_in tries no span.
    first_words: frozenset[str] = field(init=False)
    # org_id by name: the same names come back in every document.
    _org_ids: dict[str, str] = field(init=False, default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.entries}
        self.by_key = {}
        self.by_acronym = {}
        for entry in self.entries:
            for name in [entry.name, *entry.aliases]:
                self.by_key.setdefault(org_key(name), entry.id)
            for acronym in entry.acronyms:
                self.by_acronym.setdefault(acronym, entry.id)
                self.by_acronym.setdefault(unhyphenate(acronym), entry.id)  # as the text view spells "ITAR-TASS"
        self.first_words = frozenset(key.split()[0] for key in self.by_key if key)

    def id_for_name(self, name: str) -> Optional[str]:
        return self.by_key.get(org_key(name))

    def id_for_acronym(self, acronym: str) -> Optional[str]:
        return self.by_acronym.get(acronym)

    def org_id(self, name: str) -> str:
        """KB id of a name, also when a parent acronym or a country word
        precedes it ("Kazakh Foreign Ministry") or its parent follows it
        ("Council of Heads of State – Members of the SCO" is the KB's "SCO
        Council of Heads of State"), with a member suffix or without it
        ("Anti-Terrorism Centre of the CIS Member States"); else a slug of the name."""
        found = self._org_ids.get(name)
        if found is None:
            if len(self._org_ids) >= ORG_ID_CACHE_SIZE:
                self._org_ids.clear()
            found = self._org_ids[name] = self._org_id(name)
        return found

    def _org_id(self, name: str) -> str:
        for form in (name, without_member_suffix(name)):
            found = self._known_id(form) or self._organ_of_parent(form)
            if found:
                return found
        return slug_id(without_member_suffix(name))

    def _organ_of_parent(self, name: str) -> Optional[str]:
        text = " ".join(name.split())
        for m in reversed(list(_PARENT_JOINT.finditer(text))):
            organ, parent_name = text[: m.start()], text[m.end() :]
            parent = self.id_for_name(parent_name) or self.id_for_acronym(parent_name)
            entry = self.by_id.get(parent) if parent else None
            if entry is None or not organ:
                continue
            for form in [*entry.acronyms, entry.name, *entry.aliases]:
                found = self.id_for_name(f"{form} {organ}")
                if found:
                    return found
        return None

    def _known_id(self, name: str) -> Optional[str]:
        words = name.split()
        for i in range(len(words)):
            found = self.id_for_name(" ".join(words[i:]))
            if found:
                return found
            if i == 0 and len(words) > 1 and self.id_for_acronym(words[0]):
                continue
            if not words[i][:1].isupper():
                break
        return None

    def top_level(self, org_id: str) -> str:
        """The organization an organ belongs to ("CICA-FUND" -> "CICA")."""
        chain = self.ancestors(org_id)
        return chain[-1] if chain else org_id

    def ancestors(self, org_id: str) -> list[str]:
        """The organizations an organ belongs to, nearest first ("UNGA-FIRST-COMMITTEE" -> UNGA, UN)."""
        out: list[str] = []
        entry = self.by_id.get(org_id)
        while entry is not None and entry.parent and entry.parent in self.by_id and entry.parent not in out:
            out.append(entry.parent)
            entry = self.by_id[entry.parent]
        return out

    def issuing_org_id(self, org_id: str) -> str:
        """The organization a text adopted by `org_id` is under: an organ with
        an acronym of its own is itself (UNSC for a Security Council
        resolution); any other organ stands for its organization (the CSTO
        Collective Security Council adopts CSTO texts)."""
        entry = self.by_id.get(org_id)
        if entry is None or entry.acronyms or not entry.parent:
            return org_id
        return self.top_level(org_id)

    def holds_summits(self, org_id: str) -> bool:
        """An organization that holds summits: an intergovernmental
        organization or forum of the knowledge base, not an organ."""
        entry = self.by_id.get(org_id)
        return entry is not None and entry.kind in {"igo", "forum"}

    def names_in(self, words: Sequence[str], max_words: int = 16) -> list[tuple[int, int, str]]:
        """(start, end, id) of the known names and acronyms written in `words`,
        longest first and never overlapping, in text order."""
        found: list[tuple[int, int, str]] = []
        i, n = 0, len(words)
        while i < n:
            match = self.name_at(words, i, max_words)
            if match:
                found.append(match)
                i = match[1]
            else:
                i += 1
        return found

    def name_at(self, words: Sequence[str], i: int, max_words: int = 16) -> Optional[tuple[int, int, str]]:
        """The longest known name or acronym that starts at `words[i]`, as in `names_in`."""
        n = len(words)
        lead = org_key(words[i]).split()
        # A leading determiner has no key word of its own: the name may start after it.
        can_start = not lead or lead[0] in self.first_words
        for j in range(min(n, i + max_words), i + 1, -1) if can_start else ():
            if words[j - 1][:1].isalnum() and words[i][:1].isupper():
                org = self.by_key.get(org_key(" ".join(words[i:j])))
                if org:
                    return (i, j, org)
        if words[i] in self.by_acronym:
            return (i, i + 1, self.by_acronym[words[i]])
        return None

    def name_patterns(self) -> Iterable[tuple[str, str]]:
        """(id, surface form) for every name, alias and spelling variant."""
        for entry in self.entries:
            for name in [entry.name, *entry.aliases]:
                for variant in spelling_variants(name):
                    yield entry.id, variant

    def acronym_patterns(self) -> Iterable[tuple[str, str]]:
        for entry in self.entries:
            for acronym in entry.acronyms:
                yield entry.id, acronym


def load_kb(path: Optional[Path] = None) -> OrgKB:
    return OrgKB(read_rule_file(path or rules_dir() / "orgs.jsonl", OrgEntry))


def without_member_suffix(name: str) -> str:
    """"Council of Foreign Ministers of the SCO Member States" -> "… of the SCO"."""
    words = name.split()
    for suffix in MEMBER_SUFFIXES:
        if len(suffix) > 1 and len(words) > len(suffix) + 2 and tuple(w.lower() for w in words[-len(suffix) :]) == suffix:
            return " ".join(words[: -len(suffix)])
    return name
