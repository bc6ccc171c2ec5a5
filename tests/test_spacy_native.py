"""spaCy's own paths give what `kzextract extract` gives: a saved pipeline
with its rules inside, `nlp(raw_text)`, DocBin and `to_bytes` round trips,
`nlp.pipe(n_process=2)`, `doc.ents` with rule ids, and honest
requires/assigns."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin
from typer.testing import CliRunner

import kzextract.rule_schema as rule_schema
import kzextract.ruleset as ruleset
from kzextract.cli import app
from kzextract.components import COMPONENTS
from kzextract.pipeline import build_pipeline, doc_mentions, extract, save_pipeline
from kzextract.schema import DocRecord

REPO = Path(__file__).resolve().parents[1]
TEXTS = sorted([*REPO.glob("corpus/*.txt"), *REPO.glob("corpus/dev/*.txt")])


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """A folder written by the `kzextract save` command."""
    directory = tmp_path_factory.mktemp("saved") / "kz"
    result = CliRunner().invoke(app, ["save", str(directory)])
    assert result.exit_code == 0, result.output
    return directory


def _plain(mentions) -> list[dict]:
    return [m.model_dump() for m in mentions]


def _raw(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def cli_output(tmp_path_factory) -> dict[str, list[dict]]:
    """`kzextract extract` over every seed and dev text, without meta."""
    folder = tmp_path_factory.mktemp("texts")
    for path in TEXTS:
        shutil.copy(path, folder / path.name)
    out = folder / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return {json.loads(line)["doc_id"]: json.loads(line)["spans"] for line in out.read_text(encoding="utf-8").splitlines()}


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_loaded_pipeline_on_raw_text_equals_kzextract_extract(saved, cli_output, path):
    loaded = spacy.load(saved)
    doc = loaded(_raw(path))
    got = DocRecord(doc_id=path.stem, spans=doc_mentions(doc)).to_json_dict()["spans"]
    assert got == cli_output[path.stem]
    assert len(got) > 10


def test_publication_date_set_on_the_doc_equals_meta(saved, nlp):
    text = "The foreign ministers will meet on January 15 in Astana."
    loaded = spacy.load(saved)
    doc = loaded.make_doc(text)
    doc._.kz_published = "2023-12-01"
    doc = loaded(doc)
    assert _plain(doc_mentions(doc)) == _plain(extract(nlp, "d", text, {"published": "2023-12-01"}).spans)
    assert [e._.kz_norm for e in doc.ents if e.label_ == "DATE"] == ["2023-01-15"]


def test_a_name_wrapped_across_a_line_break_is_one_mention_through_spacy(saved):
    raw = "Kazakhstan chairs the Conference on\nInteraction and Confidence-Building Measures\nin Asia this year."
    doc = spacy.load(saved)(raw)
    assert [(e.label_, e._.kz_norm) for e in doc.ents] == [("ORG", "CICA")]
    start, end = doc.ents[0]._.kz_raw_offsets
    assert raw[start:end] == "Conference on\nInteraction and Confidence-Building Measures\nin Asia"


def test_saved_pipeline_uses_its_own_rules_after_the_installed_ones_change(tmp_path, monkeypatch):
    """Rules are written into the saved folder and read back from it."""
    installed = tmp_path / "installed"
    shutil.copytree(rule_schema.rules_dir(), installed)
    with (installed / "orgs.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "QQX", "name": "Quorble Quince Exchange", "acronyms": ["QQX"], "kind": "igo"}) + "\n")
    monkeypatch.setattr(ruleset, "rules_dir", lambda: installed)
    text = "Delegates of the QQX met in Astana."
    save_pipeline(build_pipeline(), tmp_path / "saved")
    # Now the installed rules lose the organization again.
    lines = (installed / "orgs.jsonl").read_text(encoding="utf-8").splitlines()
    (installed / "orgs.jsonl").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    fresh = extract(build_pipeline(), "d", text)
    assert [s.text for s in fresh.spans if s.label == "ORG"] == []
    from_saved = extract(build_pipeline(str(tmp_path / "saved")), "d", text)
    assert [(s.text, s.norm) for s in from_saved.spans if s.label == "ORG"] == [("QQX", "QQX")]
    config = (tmp_path / "saved" / "config.cfg").read_text(encoding="utf-8")
    assert str(installed) not in config  # no machine-local path in the saved config


def test_model_with_its_own_rules_refuses_other_rules(saved):
    with pytest.raises(rule_schema.RuleFileError, match="carries its own rules"):
        build_pipeline(str(saved), rules_path=str(rule_schema.rules_dir()))


def _view(doc: Doc) -> list[tuple]:
    return [(e.start_char, e.end_char, e.label_, e.id_, e._.kz_norm, e._.kz_attrs, e._.kz_raw_offsets) for e in doc.ents]


def test_docbin_round_trip_keeps_mentions_and_extensions(nlp):
    docs = list(nlp.pipe([_raw(p) for p in TEXTS[:3]]))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
    assert [_view(d) for d in back] == [_view(d) for d in docs]
    assert [d._.kz_raw_text for d in back] == [d._.kz_raw_text for d in docs]
    assert [list(d.spans) for d in back] == [list(d.spans) for d in docs]


def test_doc_to_bytes_round_trip(nlp):
    doc = nlp(_raw(TEXTS[0]))
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _view(back) == _view(doc) and len(_view(doc)) > 10
    assert doc_mentions(back) == doc_mentions(doc)


@pytest.mark.parametrize("n_process", [1, 2])
def test_nlp_pipe_with_processes_gives_the_same_mentions(nlp, n_process):
    texts = [_raw(p) for p in TEXTS]
    expected = [_plain(doc_mentions(nlp(t))) for t in texts]
    assert [_plain(doc_mentions(d)) for d in nlp.pipe(texts, n_process=n_process)] == expected


def test_ents_carry_the_rule_that_found_them(nlp):
    doc = nlp("The Shanghai Cooperation Organization (SCO) adopted the Astana Declaration in July 2024.")
    assert [(e.text, e.label_, e.id_) for e in doc.ents] == [
        ("Shanghai Cooperation Organization", "ORG", "kb-name"),
        ("SCO", "ORG", "defined-acronym"),
        ("Astana Declaration", "DOCUMENT", "titled"),
        ("July 2024", "DATE", "month-year"),
    ]


def test_analyze_pipes_reports_declared_requires_and_assigns(nlp):
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values())
    summary = analysis["summary"]
    assert summary["kz_resolve"]["assigns"][0] == "doc.ents"
    assert summary["kz_attributes"]["requires"] == ["doc.ents"]
    assert "span._.kz_norm" in summary["kz_attributes"]["assigns"]
    assert all(summary[name]["assigns"] for name in COMPONENTS)


def test_spacy_load_needs_no_kzextract_import(saved):
    code = (
        "import sys, spacy\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "doc = nlp('The Shanghai Cooperation Organization (SCO) met on\\nJune 15, 2001.')\n"
        "print(','.join(nlp.pipe_names))\n"
        "print(';'.join(f'{e.label_}:{e._.kz_norm}' for e in doc.ents))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(saved)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    names, ents = result.stdout.split()
    assert names.split(",") == list(COMPONENTS)
    assert ents == "ORG:SCO;ORG:SCO;DATE:2001-06-15"
