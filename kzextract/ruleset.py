"""A rules directory, read and checked once per distinct content.

The rule set is identified by a digest of its files, so six components
built from the same rules (or a saved pipeline's copy of them) parse them
once, and a run can record exactly which rules produced its output.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from .gazetteer import CityGazetteer
from .kb import OrgKB
from .rule_schema import (
    DocumentEntry,
    DocumentTypeWord,
    Lexicon,
    OrgEntry,
    PatternRule,
    RuleFileError,
    parse_patterns,
    parse_rule_lines,
    read_rule_text,
    regex_problem,
    rules_dir,
)

# Every file of a rules directory; all are required.
RULE_FILES = (
    "lexicon.jsonl",
    "document_types.jsonl",
    "orgs.jsonl",
    "documents.jsonl",
    "dates.jsonl",
    "org_patterns.jsonl",
    "summit_patterns.jsonl",
    "document_patterns.jsonl",
)


class Lexicons(dict):
    """The word lists by name; a list the components need but the rules lack
    is a `RuleFileError` naming lexicon.jsonl, not a KeyError traceback."""

    def __init__(self, path: Path, lists: dict[str, list[str]]):
        super().__init__(lists)
        self.path = path

    def __missing__(self, name: str) -> list[str]:
        raise RuleFileError(f"{self.path}: no lexicon {name!r}, which the components need (add a line {{\"name\": \"{name}\", \"words\": [...]}})")

    def __reduce__(self):
        return (Lexicons, (self.path, dict(self)))


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
    places: CityGazetteer  # cities, countries and regions
    digest: str = ""
    files: dict[str, str] = field(default_factory=dict, repr=False)

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self.lexicons[name])

    def write(self, directory: Path) -> None:
        """Write the rule files as read, so the directory loads to this rule set."""
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in self.files.items():
            (directory / name).write_text(text, encoding="utf-8")


def load_rules(directory: Optional[Union[str, Path]] = None) -> RuleSet:
    """Every rule file of `directory` (default: the packaged rules), read and
    validated once per distinct content; a bad line raises `RuleFileError`."""
    directory = Path(directory) if directory else rules_dir()
    if not directory.is_dir():
        raise RuleFileError(f"{directory}: rules directory not found")
    return rules_from_files({name: read_rule_text(directory / name) for name in RULE_FILES}, directory)


def rules_from_files(files: dict[str, str], origin: Path = Path("<rules>")) -> RuleSet:
    """The rule set of file contents (as `RuleSet.files` holds them); errors
    name `origin/<file>:<line>`."""
    missing = [name for name in RULE_FILES if name not in files]
    if missing:
        raise RuleFileError(f"{origin}: missing rule files: {', '.join(missing)}")
    files = {name: files[name] for name in RULE_FILES}
    digest = rules_digest(files)
    cached = _CACHE.get(digest)
    if cached is None:
        cached = _parse(origin, files, digest)
        if len(_CACHE) >= 8:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[digest] = cached
    return cached


def rules_digest(files: dict[str, str]) -> str:
    """sha256 over file names and contents: the identity of a rule set."""
    sha = hashlib.sha256()
    for name in sorted(files):
        data = files[name].encode("utf-8")
        sha.update(f"{name}\0{len(data)}\0".encode())
        sha.update(data)
    return sha.hexdigest()


_CACHE: dict[str, RuleSet] = {}


def _parse(directory: Path, files: dict[str, str], digest: str) -> RuleSet:
    def lines(name: str, model):
        return parse_rule_lines(directory / name, files[name], model)

    lexicon_lines = lines("lexicon.jsonl", Lexicon)
    lexicons = Lexicons(directory / "lexicon.jsonl", {lex.name: lex.words for _, lex in lexicon_lines})
    for line_no, lex in lexicon_lines:
        if lex.name == "TOKENIZER_INFIXES":
            for i, regex in enumerate(lex.words, start=1):
                problem = regex_problem(regex)
                if problem:
                    raise RuleFileError(f"{directory / 'lexicon.jsonl'}:{line_no}: TOKENIZER_INFIXES entry {i}: {problem}")
    type_words = [t for _, t in lines("document_types.jsonl", DocumentTypeWord)]
    document_types = {t.word.lower(): t.type for t in type_words}
    # Title heads are the singular words; plurals only tell a type ("resolutions 57/145").
    lexicons["DOCUMENT_HEADS"] = sorted(t.word.lower() for t in type_words if " " not in t.word and not t.weak)
    lexicons["WEAK_DOCUMENT_HEADS"] = sorted(t.word.lower() for t in type_words if " " not in t.word and t.weak)
    lexicons["CAPITALIZED_ONLY_HEADS"] = sorted(w.lower() for t in type_words if not t.lowercase for w in (t.word, t.plural) if w)
    for t in type_words:
        if t.plural:
            document_types.setdefault(t.plural.lower(), t.type)

    def patterns(name: str) -> list[PatternRule]:
        return parse_patterns(directory / name, files[name], lexicons, orgs.by_id)

    orgs = OrgKB([e for _, e in lines("orgs.jsonl", OrgEntry)])
    document_lines = lines("documents.jsonl", DocumentEntry)
    for line_no, entry in document_lines:
        if entry.issuer and entry.issuer not in orgs.by_id:
            raise RuleFileError(f"{directory / 'documents.jsonl'}:{line_no}: {entry.id}: issuer {entry.issuer!r} is no id in orgs.jsonl")
    return RuleSet(
        lexicons=lexicons,
        orgs=orgs,
        documents=[d for _, d in document_lines],
        document_types=document_types,
        date_patterns=patterns("dates.jsonl"),
        org_patterns=patterns("org_patterns.jsonl"),
        summit_patterns=patterns("summit_patterns.jsonl"),
        document_patterns=patterns("document_patterns.jsonl"),
        cities=CityGazetteer(lexicons["CITIES"]),
        places=CityGazetteer([*lexicons["CITIES"], *lexicons["COUNTRIES"], *lexicons["REGIONS"]]),
        digest=digest,
        files=files,
    )
