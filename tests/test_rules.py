"""Rules are data: every pattern rule's own examples, and rule-file mistakes
failing at start-up with a message that names the file and the line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kzextract.pipeline import build_pipeline, extract
from kzextract.rule_schema import RuleFileError, rules_dir
from kzextract.ruleset import load_rules

PATTERN_FILES = ("dates.jsonl", "org_patterns.jsonl", "summit_patterns.jsonl", "document_patterns.jsonl")

def _rule_cases() -> list:
    cases = []
    for name in PATTERN_FILES:
        path = rules_dir() / name
        for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            rule = json.loads(raw)
            rule_id = rule.get("id") or f"line{line_no}"
            for i, example in enumerate(rule.get("examples", [])):
                cases.append(
                    pytest.param(
                        rule["label"], rule_id, example["text"], example["span"],
                        id=f"{name.removesuffix('.jsonl')}:{line_no}:{rule_id}:example{i}",
                    )
                )
            for i, sentence in enumerate(rule.get("counter_examples", [])):
                cases.append(
                    pytest.param(
                        rule["label"], rule_id, sentence, None,
                        id=f"{name.removesuffix('.jsonl')}:{line_no}:{rule_id}:counter_example{i}",
                    )
                )
    return cases


RULE_CASES = _rule_cases()


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def test_every_pattern_file_has_examples():
    files = {case.id.split(":")[0] for case in RULE_CASES}
    assert files == {name.removesuffix(".jsonl") for name in PATTERN_FILES}


@pytest.mark.parametrize(("label", "rule_id", "sentence", "span"), RULE_CASES)
def test_rule_example(nlp, label, rule_id, sentence, span):
    """The rule itself makes this exact mention: the resolved span with this
    text and label carries the rule's id (so the test fails without the rule)."""
    doc = nlp(sentence)
    found = [(sentence[slice(*e._.kz_raw_offsets)], e.label_, e.id_) for e in doc.ents]
    if span is None:
        assert not [f for f in found if f[1] == label and f[2] == rule_id], f"{rule_id} fired in {sentence!r}: {found}"
    else:
        assert (span, label, rule_id) in found, f"{rule_id} did not make {span!r} in {sentence!r}; found {found}"


def test_removing_a_rule_loses_its_examples(tmp_path):
    """The check the test above relies on, done once for real: without the
    rule, its example's mention is not made by it (here: month-day)."""
    shutil.copytree(rules_dir(), tmp_path / "rules")
    dates = tmp_path / "rules" / "dates.jsonl"
    kept = [line for line in dates.read_text(encoding="utf-8").splitlines() if '"id": "month-day"' not in line]
    dates.write_text("\n".join(kept) + "\n", encoding="utf-8")
    doc = build_pipeline(rules_path=str(tmp_path / "rules"))("a briefing on January 15.")
    assert ("January 15", "DATE", "month-day") not in [(e.text, e.label_, e.id_) for e in doc.ents]


# ------------------------------------------------------------ rule-file mistakes


def test_packaged_rules_are_found_via_importlib_resources():
    directory = rules_dir()
    assert directory.is_dir()
    for name in (*PATTERN_FILES, "orgs.jsonl", "lexicon.jsonl", "documents.jsonl", "document_types.jsonl"):
        assert (directory / name).is_file(), name
    rules = load_rules(directory)
    assert rules.orgs.id_for_acronym("SCO") == "SCO"
    assert rules.date_patterns and rules.org_patterns and rules.summit_patterns and rules.document_patterns


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    """A private copy of the packaged rules (a fresh path: load_rules is cached by path)."""
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    return target


def edit_line(path: Path, line_no: int, change) -> None:
    """Apply `change` to the JSON object on 1-based line `line_no` of `path`."""
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    obj = json.loads(lines[line_no - 1])
    change(obj)
    lines[line_no - 1] = json.dumps(obj, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_copied_rules_load(rules_copy):
    assert load_rules(rules_copy).date_patterns


def _set(key, value):
    def change(obj):
        obj[key] = value

    return change


def _set_first_token(token):
    def change(obj):
        obj["pattern"][0] = token

    return change


BAD_EDITS = [
    pytest.param("org_patterns.jsonl", 2, _set("exampels", ["x"]), "exampels", id="unknown-key-pattern"),
    pytest.param("orgs.jsonl", 3, _set("acronym", ["X"]), "acronym", id="unknown-key-kb"),
    pytest.param("lexicon.jsonl", 2, _set("words", "1 2 3"), "words", id="wrong-type-lexicon"),
    pytest.param("dates.jsonl", 4, _set("examples", "in December 2001"), "examples", id="wrong-type-examples"),
    pytest.param("summit_patterns.jsonl", 2, _set("label", "EVENT"), "label", id="unknown-label"),
    pytest.param("document_types.jsonl", 1, _set("type", "manifesto"), "manifesto", id="unknown-document-type"),
    pytest.param("summit_patterns.jsonl", 2, _set_first_token({"LOWERR": "x"}), "LOWERR", id="bad-token-attr"),
    pytest.param("dates.jsonl", 3, _set_first_token({"LOWER": "x", "OP": "!!"}), "OP", id="bad-token-op"),
    pytest.param("dates.jsonl", 2, _set("pattern", []), "pattern", id="empty-pattern"),
    pytest.param(
        "document_patterns.jsonl", 2, _set_first_token({"LOWER": {"IN": "$NO_SUCH_LIST"}}), "$NO_SUCH_LIST",
        id="unknown-lexicon",
    ),
    pytest.param("document_patterns.jsonl", 3, _set("issuer", "NO-SUCH-ORG"), "NO-SUCH-ORG", id="unknown-issuer"),
    pytest.param("documents.jsonl", 2, _set("issuer", "NO-SUCH-ORG"), "NO-SUCH-ORG", id="unknown-known-document-issuer"),
]


@pytest.mark.parametrize(("name", "line_no", "change", "mentioned"), BAD_EDITS)
def test_rule_file_mistake_names_file_and_line(rules_copy, name, line_no, change, mentioned):
    edit_line(rules_copy / name, line_no, change)
    with pytest.raises(RuleFileError) as err:
        load_rules(rules_copy)
    message = str(err.value)
    assert f"{rules_copy / name}:{line_no}:" in message
    assert mentioned in message


def test_bad_rules_fail_when_building_the_pipeline(rules_copy):
    path = rules_copy / "summit_patterns.jsonl"
    rule_id = json.loads(path.read_text(encoding="utf-8").split("\n")[0])["id"]
    edit_line(path, 1, _set_first_token({"LOWERR": "x"}))
    with pytest.raises(RuleFileError, match=rf"summit_patterns\.jsonl:1: rule {rule_id}: invalid token pattern"):
        build_pipeline(rules_path=str(rules_copy))


def test_line_numbers_count_blank_lines(rules_copy):
    path = rules_copy / "org_patterns.jsonl"
    path.write_text("\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    edit_line(path, 4, _set("labels", "ORG"))
    with pytest.raises(RuleFileError, match=r"org_patterns\.jsonl:4: "):
        load_rules(rules_copy)


def test_not_json(rules_copy):
    path = rules_copy / "dates.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    n = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(RuleFileError, match=rf"dates\.jsonl:{n}: not valid JSON"):
        load_rules(rules_copy)


def test_missing_rules_directory(tmp_path):
    with pytest.raises(RuleFileError, match="rules directory not found"):
        load_rules(tmp_path / "nowhere")


def test_missing_rule_file(rules_copy):
    (rules_copy / "summit_patterns.jsonl").unlink()
    with pytest.raises(RuleFileError, match=r"summit_patterns\.jsonl: cannot read"):
        load_rules(rules_copy)


def test_a_rules_directory_changes_extraction(rules_copy):
    """--rules is really used: a one-line data change adds an organization."""
    with (rules_copy / "orgs.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "ZQX", "name": "Zqxian Friendship League", "acronyms": ["ZQXL"]}) + "\n")
    nlp = build_pipeline(rules_path=str(rules_copy))
    record = extract(nlp, "d", "Members of the ZQXL met in Astana.")
    assert [(s.label, s.text, s.norm) for s in record.spans if s.label == "ORG"] == [("ORG", "ZQXL", "ZQX")]


def test_raw_line_separator_inside_a_rule_string(rules_copy):
    """A raw U+2028 inside a JSON string is not a line break of the rule file."""
    path = rules_copy / "org_patterns.jsonl"
    edit_line(path, 1, _set("examples", [{"text": "the Steppe Business Council\u2028met", "span": "Steppe Business Council"}]))
    assert "\u2028" in path.read_text(encoding="utf-8")
    edit_line(path, 3, _set("lables", "ORG"))
    with pytest.raises(RuleFileError, match=r"org_patterns\.jsonl:3: "):
        load_rules(rules_copy)


def test_document_types_come_from_the_rules_in_use(rules_copy):
    """A --rules directory's documents.jsonl decides the type of a known instrument."""
    path = rules_copy / "documents.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for entry in lines:
        if entry["id"] == "NPT":
            entry["type"] = "other"
    path.write_text("".join(json.dumps(e) + "\n" for e in lines), encoding="utf-8")
    nlp = build_pipeline(rules_path=str(rules_copy))
    record = extract(nlp, "d", "States parties to the NPT met in New York.")
    assert [(s.text, s.attrs.type) for s in record.spans if s.label == "DOCUMENT"] == [("NPT", "other")]
