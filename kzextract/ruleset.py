"""Everything under `rules/`, read and checked once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from .context import CityGazetteer
from .kb import OrgKB, load_kb
from .rulefiles import (
    DocumentEntry,
    DocumentTypeWord,
    Lexicon,
    PatternRule,
    RuleFileError,
    read_patterns,
    read_rule_file,
    rules_dir,
)


@dataclass(frozen=True)
class RuleSet:
    lexicons: dict[str, list[str]]
    orgs: OrgKB
    documents: list[DocumentEntry]
    document_types: dict[str, str]  # head word (lower case) -> type
    date_patterns: list[PatternRule]
    org_patterns: list[PatternRule]
    summit_patterns: list[PatternRule]
    document_patterns: list[PatternRule]
    cities: CityGazetteer

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self.lexicons[name])


def load_rules(directory: Optional[Union[str, Path]] = None) -> RuleSet:
    """Every rule file of `directory` (default: the packaged rules), read and
    validated once per process; a bad line raises `RuleFileError`."""
    return _load_rules(Path(directory) if directory else rules_dir())


@lru_cache(maxsize=4)
def _load_rules(directory: Path) -> RuleSet:
    if not directory.is_dir():
        raise RuleFileError(f"{directory}: rules directory not found")
    lexicons = {lex.name: lex.words for lex in read_rule_file(directory / "lexicon.jsonl", Lexicon)}
    type_words = read_rule_file(directory / "document_types.jsonl", DocumentTypeWord)
    document_types = {t.word.lower(): t.type for t in type_words}
    # Title heads are the singular words; plurals only tell a type ("resolutions 57/145").
    lexicons["DOCUMENT_HEADS"] = sorted(w for w in document_types if " " not in w)
    for t in type_words:
        if t.plural:
            document_types.setdefault(t.plural.lower(), t.type)
    return RuleSet(
        lexicons=lexicons,
        orgs=load_kb(directory / "orgs.jsonl"),
        documents=read_rule_file(directory / "documents.jsonl", DocumentEntry),
        document_types=document_types,
        date_patterns=read_patterns(directory / "dates.jsonl", lexicons),
        org_patterns=read_patterns(directory / "org_patterns.jsonl", lexicons),
        summit_patterns=read_patterns(directory / "summit_patterns.jsonl", lexicons),
        document_patterns=read_patterns(directory / "document_patterns.jsonl", lexicons),
        cities=CityGazetteer(lexicons["CITIES"]),
    )
