"""Reading `rules/*.jsonl`: every line goes through a pydantic model with
`extra="forbid"`, so a typo'd key fails at start-up naming file and line.

Rule files are data only (JSON); nothing in them is ever executed.
"""

from __future__ import annotations

import os
import re
import stat
from importlib import resources
from pathlib import Path
from typing import Any, Collection, Literal, Optional, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

try:  # the parser behind `re`, to look at a pattern's structure
    from re import _constants as sre_constants, _parser as sre_parser
except ImportError:  # Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse as sre_parser  # type: ignore[no-redef]

from .jsonl import read_json_text
from .schema import DOCUMENT_TYPES


class RuleFileError(ValueError):
    """A rule file is unreadable or has an invalid line."""


class NamedEntry(BaseModel):
    """A knowledge-base entry found by its name, aliases and acronyms."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    name: str
    acronyms: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)

    @field_validator("name", "acronyms", "aliases")
    @classmethod
    def _no_blank(cls, value: Any) -> Any:
        items = [value] if isinstance(value, str) else value
        if any(not item.strip() for item in items):
            raise ValueError("empty name")
        return value


def known_document_type(value: str) -> str:
    if value not in DOCUMENT_TYPES:
        raise ValueError(f"unknown document type {value!r}; known: {', '.join(DOCUMENT_TYPES)}")
    return value


class OrgEntry(NamedEntry):
    """One organization or body in the knowledge base (`rules/orgs.jsonl`)."""

    parent: Optional[str] = None
    kind: Literal[
        "igo", "organ", "agency", "forum", "national", "ngo", "company", "media", "academic", "other"
    ] = "igo"
    # Acronyms that are also common words or ambiguous ("ACT", "WHO") are only
    # matched in the case written here, never lower-cased.
    note: Optional[str] = None


TokenPattern = list[dict[str, Any]]


class RuleExample(BaseModel):
    """A sentence and the exact mention (text, the rule's label) the rule must make in it."""

    model_config = ConfigDict(extra="forbid")

    text: str
    span: str

    @field_validator("span")
    @classmethod
    def _span_in_text(cls, value: str, info) -> str:
        if not value.strip() or value not in info.data.get("text", ""):
            raise ValueError(f"span {value!r} is not in the example's text")
        return value


class PatternRule(BaseModel):
    """A candidate pattern in spaCy's own shape; `id` surfaces as `span.id_`.

    `examples` are sentences with the exact mention the rule must produce
    in each (one parametrized test checks text, label and rule id);
    `counter_examples` must not yield that label.
    """

    model_config = ConfigDict(extra="forbid")

    label: Literal["ORG", "DATE", "SUMMIT", "DOCUMENT"]
    pattern: Union[str, TokenPattern]
    id: Optional[str] = None
    # A DOCUMENT form that itself says who issued it: the UN's symbols
    # ("resolution 57/69": session/number, the General Assembly's; "resolution
    # 1540 (2004)": number (year), the Security Council's). An ORG id.
    issuer: Optional[str] = None
    examples: list[RuleExample] = Field(default_factory=list)
    counter_examples: list[str] = Field(default_factory=list)


class DocumentTypeWord(BaseModel):
    """A head noun of a document title and the type it implies."""

    model_config = ConfigDict(extra="forbid")

    word: str
    type: str
    plural: Optional[str] = None
    # A weak head ("initiative", "vision") names a document only where the text
    # adopts it as a text: a list item, a quoted title, an adoption verb before it.
    weak: bool = False
    # False: a head that names a text only when capitalized ("the Rules of
    # Procedure of …"; "adopt rules of law", "documents on …" name none).
    lowercase: bool = True

    _known_type = field_validator("type")(known_document_type)


class Lexicon(BaseModel):
    """A named word list (`rules/lexicon.jsonl`): org head nouns, months, …;
    `values`, when given, is a number for each word (a month's number, an
    ordinal's value, a relative year's shift)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    words: list[str]
    values: Optional[list[int]] = None

    @field_validator("values")
    @classmethod
    def _one_value_a_word(cls, values: Optional[list[int]], info) -> Optional[list[int]]:
        if values is not None and len(values) != len(info.data.get("words", [])):
            raise ValueError(f"{len(values)} values for {len(info.data.get('words', []))} words")
        return values


Model = TypeVar("Model", bound=BaseModel)


def rules_dir() -> Path:
    """The rules shipped inside the package (`kzextract.rules`, the repo's `rules/`)."""
    return Path(str(resources.files("kzextract.rules")))


def read_rule_text(path: Path) -> str:
    """The text of one rule file; a missing, unreadable or special file (a
    FIFO would block, a device never end) raises `RuleFileError`."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise RuleFileError(f"{path}: not a regular file; a rule file must be one")
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(f"{path}: cannot read rule file: {err}") from None


# Repeats that can run away: the outer one of a nested pair ("(a+)+").
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)


def regex_problem(pattern: str) -> Optional[str]:
    """Why `pattern` may not be a rule's regular expression, or None.

    It must compile, and hold no quantifier inside a quantified group, such as
    `^(a+)+$`: Python's backtracking matcher takes exponential time on those
    (14.5 s for 28 letters), and one token would stall the whole run.
    """
    try:
        parsed = sre_parser.parse(pattern)
    except (re.error, RecursionError, OverflowError) as err:
        return f"invalid regular expression {pattern!r}: {err}"
    if _nested_repeat(parsed, inside_repeat=False):
        return f"regular expression {pattern!r} has a quantifier inside a quantified group (exponential backtracking); rewrite it without nesting"
    return None


def _nested_repeat(items, inside_repeat: bool) -> bool:
    for op, av in items:
        if op in _REPEATS:
            low, high, sub = av
            repeats = high > 1
            if inside_repeat and low != high:  # a variable count inside a repeat
                return True
            if _nested_repeat(sub, inside_repeat or repeats):
                return True
        elif op is sre_constants.SUBPATTERN:
            if _nested_repeat(av[-1], inside_repeat):
                return True
        elif op is sre_constants.BRANCH:
            if any(_nested_repeat(branch, inside_repeat) for branch in av[1]):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _nested_repeat(av[1], inside_repeat):
                return True
        elif op is sre_constants.GROUPREF_EXISTS:
            if any(branch is not None and _nested_repeat(branch, inside_repeat) for branch in av[1:]):
                return True
        # Atomic groups and possessive repeats never backtrack into themselves.
    return False


def _regexes(value: Any) -> list[str]:
    """Every `{"REGEX": …}` value in a token pattern, at any depth."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "REGEX" and isinstance(item, str):
                found.append(item)
            else:
                found.extend(_regexes(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_regexes(item))
    return found


def read_rule_file(path: Path, model: type[Model]) -> list[Model]:
    """Every non-blank line of `path` as `model`; the first bad line raises."""
    return [item for _, item in parse_rule_lines(path, read_rule_text(path), model)]


def parse_rule_lines(path: Path, text: str, model: type[Model]) -> list[tuple[int, Model]]:
    """(line number, item) for every non-blank line of a rule file's text."""
    items: list[tuple[int, Model]] = []
    for line in read_json_text(text, strict_utf8=True):
        if line.error is not None:
            raise RuleFileError(f"{path}:{line.number}: {line.error}")
        try:
            items.append((line.number, model.model_validate(line.value)))
        except ValidationError as err:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'line'}: {e['msg']}" for e in err.errors()
            )
            raise RuleFileError(f"{path}:{line.number}: {problems}") from None
    return items


class DocumentEntry(NamedEntry):
    """A well-known instrument (`rules/documents.jsonl`): matched by name or acronym."""

    type: str
    # The organization it was adopted under, when that is a matter of record
    # (the Universal Declaration: UNGA); an ORG id.
    issuer: Optional[str] = None

    _known_type = field_validator("type")(known_document_type)


def expand_placeholders(pattern: Any, lexicons: dict[str, list[str]], where: str) -> Any:
    """Replace `"$NAME"` values in a token pattern by the lexicon `NAME`'s words,
    so word lists are kept once in `rules/lexicon.jsonl`."""
    if isinstance(pattern, str) and pattern.startswith("$"):
        name = pattern[1:]
        if name not in lexicons:
            raise RuleFileError(f"{where}: unknown lexicon {pattern!r}")
        return lexicons[name]
    if isinstance(pattern, list):
        return [expand_placeholders(p, lexicons, where) for p in pattern]
    if isinstance(pattern, dict):
        return {k: expand_placeholders(v, lexicons, where) for k, v in pattern.items()}
    return pattern


def parse_patterns(path: Path, text: str, lexicons: dict[str, list[str]], org_ids: Collection[str] = ()) -> list[PatternRule]:
    """Pattern rules of a file with lexicon placeholders expanded, each checked
    against spaCy's token-pattern schema, so a malformed pattern fails here,
    naming file and line, rather than later inside a Matcher; an `issuer`
    must be one of `org_ids`."""
    from spacy.schemas import validate_token_pattern

    rules = []
    for line_no, rule in parse_rule_lines(path, text, PatternRule):
        where = f"{path}:{line_no}: rule {rule.id or rule.label}"
        rule.pattern = expand_placeholders(rule.pattern, lexicons, where)
        problems = validate_token_pattern(rule.pattern)
        if problems:
            raise RuleFileError(f"{where}: invalid token pattern: {'; '.join(problems)}")
        if rule.issuer and rule.issuer not in org_ids:
            raise RuleFileError(f"{where}: issuer {rule.issuer!r} is no id in orgs.jsonl")
        for regex in _regexes(rule.pattern):
            problem = regex_problem(regex)
            if problem:
                raise RuleFileError(f"{where}: {problem}")
        rules.append(rule)
    return rules
