"""What every rule-driven component shares: its rule set, built lazily, and
the rules travelling with the component when a pipeline is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

import srsly
from spacy.language import Language

from ..ruleset import RuleSet, load_rules, rules_from_files

RULES_FOLDER = "rules"


class RuleComponent:
    """A thin component over a rule set.

    `to_disk` writes the rule files into the component's folder and
    `from_disk` reads them back, as spaCy's SpanRuler does with
    `patterns.jsonl`, so a saved pipeline is complete: `spacy.load(dir)` uses
    the rules inside `dir`, never whatever rules happen to be installed.
    Matchers are built on first use, so loading a saved pipeline builds
    them once, from the saved rules.
    """

    def __init__(self, nlp: Language, name: str, rules_path: Optional[str] = None):
        self.nlp = nlp
        self.name = name
        self.rules: RuleSet = load_rules(rules_path)
        self._built_for: Optional[str] = None

    def setup(self, rules: RuleSet) -> None:
        """Build matchers and word sets from `rules` (subclasses)."""

    def ready(self) -> "RuleComponent":
        if self._built_for != self.rules.digest:
            self.setup(self.rules)
            self._built_for = self.rules.digest
        return self

    def _use(self, rules: RuleSet) -> "RuleComponent":
        self.rules = rules
        return self

    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        self.rules.write(Path(path) / RULES_FOLDER)

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        return self._use(load_rules(Path(path) / RULES_FOLDER))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self.rules.files)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        return self._use(rules_from_files(srsly.msgpack_loads(data), Path(f"<{self.name} bytes>")))
