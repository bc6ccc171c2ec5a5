"""The daily job: extract only what the database has not seen, and load it.

An article is extracted again when it is new, or when its text (sha256),
its meta, the rules digest or the kzextract version differs from what the
database recorded when it last loaded it. Extraction is
`kzextract.batch.run_extraction` itself (workers, error handling and all),
run on a temporary JSONL file of just those articles; loading is
`load.load_records` with each article's provenance, so a second run in a
row finds everything unchanged and extracts nothing.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from sqlalchemy import Engine, select

from .. import __version__
from ..inputs import InputProblem, read_inputs
from ..outputs import dumps_line
from ..records import Vocabulary
from .db import check_schema, transaction
from .load import LoadReport, Provenance, load_records, read_output, sha256_text
from .schema import articles


@dataclass
class UpdateReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    extracted: int = 0
    skipped: int = 0

    def line(self) -> str:
        return (
            f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged; "
            f"{self.extracted} extracted, {self.skipped} skipped"
        )


def _seen(engine: Engine) -> dict[str, tuple]:
    with transaction(engine) as conn:
        if not check_schema(conn, create=False):
            return {}
        query = select(articles.c.doc_id, articles.c.text_sha256, articles.c.kzextract_version,
                       articles.c.rules_hash, articles.c.meta)
        return {row.doc_id: tuple(row[1:]) for row in conn.execute(query)}


def run_update(
    paths: Sequence[str],
    engine: Engine,
    vocab: Vocabulary,
    *,
    rules_hash: str,
    workers: int = 1,
    rules_path: Optional[str] = None,
    report: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
) -> UpdateReport:
    """Extract and load the new and changed articles of `paths`."""
    from ..batch import run_extraction

    summary = UpdateReport()
    seen = _seen(engine)
    provenance: dict[str, Provenance] = {}
    with tempfile.TemporaryDirectory(prefix="kzupdate-") as tmp:
        todo = Path(tmp, "todo.jsonl")
        with open(todo, "w", encoding="utf-8") as handle:
            for item in read_inputs(paths):
                if isinstance(item, InputProblem):
                    report(f"skipped: {item}" if item.skipped else f"warning: {item}")
                    summary.skipped += item.skipped
                    continue
                text_sha = sha256_text(item.text)
                state = (text_sha, __version__, rules_hash, item.meta)
                if seen.get(item.doc_id) == state:
                    summary.unchanged += 1
                    continue
                provenance[item.doc_id] = Provenance(text_sha, __version__, rules_hash)
                handle.write(dumps_line({"doc_id": item.doc_id, "text": item.text, "meta": item.meta}) + "\n")
        if not provenance:
            return summary
        output = Path(tmp, "out.jsonl")
        extraction = run_extraction([str(todo)], output, workers=workers, rules_path=rules_path, report=report)
        summary.extracted = extraction.documents
        summary.skipped += extraction.skipped
        loaded = load_records(
            engine,
            ((record, provenance[record.doc_id]) for record in read_output([output], report)),
            vocab,
            report=LoadReport(),
        )
    summary.added += loaded.added
    summary.changed += loaded.changed
    summary.unchanged += loaded.unchanged
    return summary

