"""Loading extraction output into the database.

Each batch of articles is one transaction (`db.transaction`):

1. articles whose output line is the one already loaded are left alone, so
   loading a file twice writes nothing;
2. an article loaded again with another output has its mentions replaced;
3. then every record is resolved anew over all SUMMIT and DOCUMENT mentions
   in the database (`kzextract.records.resolve`, deterministic), and only the
   rows that differ are written: records, mention `record_id`s and
   organizations.

A killed load leaves the database as it was before the batch it was in.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, bindparam, delete, func, select, update

from ..jsonl import read_json_file
from ..outputs import dumps_line
from ..records import Mention, Resolution, Vocabulary, organization_records, resolve
from ..dates import published_year
from ..records.keys import year_of
from ..schema import RECORD_LABELS, DocRecord
from ..validation import validate_records
from .db import check_schema, transaction
from .schema import articles, documents, mentions, organizations, records, summits

BATCH_ARTICLES = 20_000
_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class Provenance:
    """What produced an output line, when the caller knows (`update` does)."""

    text_sha256: Optional[str]
    kzextract_version: Optional[str]
    rules_hash: Optional[str]


@dataclass
class LoadReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    batches: int = 0
    mentions: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.skipped} skipped; {self.mentions} mentions written in {self.batches} batches"
        )


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def output_sha256(record: DocRecord) -> str:
    """The identity of an article's extraction: its meta and spans, not its text."""
    data = record.to_json_dict()
    data.pop("text", None)
    return hashlib.sha256(dumps_line(data).encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------- reading


def read_output(paths: Sequence[Union[str, Path]], report: Callable[[str], None]) -> Iterator[DocRecord]:
    """The valid records of output files; every bad line is reported as
    `file:line: problem` and skipped, and so is a repeated doc id."""
    first_seen: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        for line in read_json_file(path):
            where = f"{path}:{line.number}"
            record, problem = (None, line.error) if line.error is not None else _parse_value(line.value)
            if record is not None and record.doc_id in first_seen:
                problem = f"duplicate doc_id {record.doc_id!r} (first at {first_seen[record.doc_id]})"
            if problem:
                report(f"{where}: {problem}")
                continue
            first_seen[record.doc_id] = where
            yield record


def _parse_value(data: object) -> tuple[Optional[DocRecord], Optional[str]]:
    try:
        record = DocRecord.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return None, f"does not validate: {where or 'record'}: {first.get('msg')}"
    problems = validate_records([record])
    if problems:
        detail = problems[0]
        span = f"span={detail.span_id}: " if detail.span_id else ""
        return None, f"does not validate: {span}{detail.message}"
    return record, None


# ---------------------------------------------------------------- loading


def load_records(
    engine: Engine,
    items: Iterable[tuple[DocRecord, Optional[Provenance]]],
    vocab: Vocabulary,
    *,
    batch_size: int = BATCH_ARTICLES,
    report: Optional[LoadReport] = None,
) -> LoadReport:
    """Load (record, provenance) pairs, `batch_size` articles per transaction."""
    report = report or LoadReport()
    batch: list[tuple[DocRecord, Optional[Provenance]]] = []
    with collector_paused():
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                _run_batch(engine, batch, vocab, report)
                batch = []
        if batch or report.batches == 0:
            _run_batch(engine, batch, vocab, report)
    return report


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while loading, back as it was after.

    A batch holds millions of small objects (every span is two models, every
    record cluster a dozen counters) that form no reference cycles, so a
    collection frees nothing, yet each full one walks them all: it was 12 s
    of the 59 s of CPU a full UNGDC load took. Memory is freed by reference
    counting as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_batch(engine: Engine, batch, vocab: Vocabulary, report: LoadReport) -> None:
    with transaction(engine) as conn:
        check_schema(conn, create=True)
        counts = load_batch(conn, batch, vocab)
    report.batches += 1
    report.added += counts["added"]
    report.changed += counts["changed"]
    report.unchanged += counts["unchanged"]
    report.mentions += counts["mentions"]


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def load_batch(conn: Connection, batch: Sequence[tuple[DocRecord, Optional[Provenance]]], vocab: Vocabulary) -> dict[str, int]:
    """One batch inside an open transaction; returns its counts."""
    counts = {"added": 0, "changed": 0, "unchanged": 0, "mentions": 0}
    ids = [record.doc_id for record, _ in batch]
    old = {}
    for chunk in _chunks(ids):
        for row in conn.execute(select(articles).where(articles.c.doc_id.in_(chunk))):
            old[row.doc_id] = row
    now = datetime.datetime.now(datetime.timezone.utc)
    new_rows, changed_rows, touched_rows, replaced = [], [], [], []
    for record, provenance in batch:
        row = _article_row(record, provenance, now)
        before = old.get(record.doc_id)
        if before is None:
            new_rows.append(row)
            counts["added"] += 1
        elif before.output_sha256 != row["output_sha256"]:
            changed_rows.append(row)
            replaced.append(record)
            counts["changed"] += 1
        elif provenance is not None and _provenance(before) != _provenance_of(row):
            touched_rows.append(row)  # re-extracted with the same result
            counts["changed"] += 1
        else:
            counts["unchanged"] += 1
    if touched_rows or changed_rows:
        _update_articles(conn, touched_rows + changed_rows)
    if not new_rows and not changed_rows:
        return counts
    for chunk in _chunks([record.doc_id for record in replaced]):  # their mentions go, the article row stays
        conn.execute(delete(mentions).where(mentions.c.doc_id.in_(chunk)))
    if new_rows:
        insert_rows(conn, articles, new_rows)
    replaced_ids = {record.doc_id for record in replaced}
    fresh = [record for record, _ in batch if record.doc_id not in old or record.doc_id in replaced_ids]
    resolution, existing = _resolve(conn, fresh, vocab)
    mention_rows = [_mention_row(record.doc_id, span, resolution) for record in fresh for span in record.spans]
    if mention_rows:
        insert_rows(conn, mentions, mention_rows)
    counts["mentions"] = len(mention_rows)
    _sync_records(conn, resolution, existing)
    _sync_organizations(conn, vocab)
    return counts


def insert_rows(conn: Connection, table, rows: Sequence[dict[str, Any]]) -> None:
    """`conn.execute(table.insert(), rows)`, for rows that all name every column.

    On SQLite the statement goes to the driver's executemany with each value
    converted by its column type's own bind processor, exactly as SQLAlchemy
    would convert it: SQLAlchemy's per-row parameter handling was half the
    time of inserting a full load's 442k mentions. PostgreSQL keeps
    SQLAlchemy's batched inserts."""
    names = [column.name for column in table.columns]
    if conn.dialect.name != "sqlite" or any(row.keys() != set(names) for row in rows):
        conn.execute(table.insert(), rows)
        return
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=names)
    order = compiled.positiontup
    process = [table.c[name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for name in order]
    converting = [(name, convert) for name, convert in zip(order, process) if convert is not None]
    values = []
    for row in rows:
        value = dict(row)
        for name, convert in converting:
            value[name] = convert(value[name])
        values.append(tuple(value[name] for name in order))
    conn.exec_driver_sql(compiled.string, values)


def _article_row(record: DocRecord, provenance: Optional[Provenance], now) -> dict[str, Any]:
    text_sha = provenance.text_sha256 if provenance else None
    if text_sha is None and record.text is not None:
        text_sha = sha256_text(record.text)
    return {
        "doc_id": record.doc_id,
        "text_sha256": text_sha,
        "output_sha256": output_sha256(record),
        "meta": record.meta,
        "kzextract_version": provenance.kzextract_version if provenance else None,
        "rules_hash": provenance.rules_hash if provenance else None,
        "loaded_at": now,
    }


def _provenance(row) -> tuple:
    return (row.text_sha256, row.kzextract_version, row.rules_hash, row.meta)


def _provenance_of(row: dict) -> tuple:
    return (row["text_sha256"], row["kzextract_version"], row["rules_hash"], row["meta"])


def _update_articles(conn: Connection, rows: list[dict]) -> None:
    statement = (
        update(articles)
        .where(articles.c.doc_id == bindparam("b_doc_id"))
        .values({name: bindparam("b_" + name) for name in rows[0] if name != "doc_id"})
    )
    conn.execute(statement, [{"b_" + k: v for k, v in row.items()} for row in rows])


def _mention_row(doc_id: str, span, resolution: Resolution) -> dict[str, Any]:
    record = span.label in RECORD_LABELS
    attrs = span.attrs.present() if record else None
    return {
        "doc_id": doc_id,
        "mention_id": span.id,
        "start_char": span.start,
        "end_char": span.end,
        "label": span.label,
        "text": span.text,
        "norm": span.norm,
        "org_id": span.norm if span.label == "ORG" else span.attrs.org,
        "record_id": resolution.record_of.get((doc_id, span.id)) if record else None,
        "attrs": attrs,
    }


def _resolve(conn: Connection, fresh: Sequence[DocRecord], vocab: Vocabulary) -> tuple[Resolution, dict]:
    """Records over the mentions already stored plus those of `fresh`;
    also returns the stored mentions' current record ids."""
    existing: dict[tuple[str, str], Optional[str]] = {}
    pool: list[Mention] = []
    query = select(
        mentions.c.doc_id, mentions.c.mention_id, mentions.c.label, mentions.c.start_char, mentions.c.end_char,
        mentions.c.text, mentions.c.attrs, mentions.c.record_id,
    ).where(mentions.c.label.in_(RECORD_LABELS))
    published = {row.doc_id: published_year(row.meta or {}) for row in conn.execute(select(articles.c.doc_id, articles.c.meta))}
    for row in conn.execute(query):
        existing[row.doc_id, row.mention_id] = row.record_id
        a = row.attrs or {}
        pool.append(Mention(row.doc_id, row.mention_id, row.label, row.start_char, row.end_char, row.text,
                            a.get("org"), a.get("place"), a.get("date"), a.get("ordinal"), a.get("type"), a.get("summit"),
                            published.get(row.doc_id)))
    from ..records import mentions_of

    for record in fresh:
        pool.extend(mentions_of(record.doc_id, record.spans, record.meta))
    return resolve(pool, vocab), existing


def _year(date: Optional[str]) -> Optional[int]:
    year = year_of(date)
    return int(year) if year else None


def _sync(conn: Connection, table, key: str, wanted: dict[str, dict]) -> None:
    """Make `table` hold exactly the rows `wanted` (by `key`), writing only differences."""
    have = {row[key]: dict(row) for row in conn.execute(select(table)).mappings()}
    gone = [k for k in have if k not in wanted]
    for chunk in _chunks(gone):
        conn.execute(delete(table).where(table.c[key].in_(chunk)))
    new = [row for k, row in wanted.items() if k not in have]
    if new:
        insert_rows(conn, table, new)
    differ = [row for k, row in wanted.items() if k in have and have[k] != row]
    if differ:
        statement = (
            update(table)
            .where(table.c[key] == bindparam("b_" + key))
            .values({name: bindparam("b_" + name) for name in differ[0] if name != key})
        )
        conn.execute(statement, [{"b_" + k: v for k, v in row.items()} for row in differ])


def _sync_records(conn: Connection, resolution: Resolution, existing: dict) -> None:
    wanted_records = {s.id: {"id": s.id, "label": "SUMMIT"} for s in resolution.summits}
    wanted_records.update({d.id: {"id": d.id, "label": "DOCUMENT"} for d in resolution.documents})
    _sync(conn, records, "id", wanted_records)
    _sync(conn, summits, "id", {
        s.id: {"id": s.id, "org_id": s.org, "place": s.place, "date": s.date, "year": _year(s.date),
               "ordinal": s.ordinal, "name": s.name}
        for s in resolution.summits
    })
    _sync(conn, documents, "id", {
        d.id: {"id": d.id, "title": d.title, "type": d.type, "org_id": d.org, "date": d.date, "year": _year(d.date),
               "summit_id": d.summit_id, "known_id": d.known_id}
        for d in resolution.documents
    })
    moved = [
        {"b_doc_id": doc_id, "b_mention_id": mention_id, "b_record_id": resolution.record_of.get((doc_id, mention_id))}
        for (doc_id, mention_id), old in existing.items()
        if resolution.record_of.get((doc_id, mention_id)) != old
    ]
    if moved:
        conn.execute(
            update(mentions)
            .where(mentions.c.doc_id == bindparam("b_doc_id"), mentions.c.mention_id == bindparam("b_mention_id"))
            .values(record_id=bindparam("b_record_id")),
            moved,
        )


def _sync_organizations(conn: Connection, vocab: Vocabulary) -> None:
    """One row per organization id any mention uses, and their KB ancestors."""
    names: dict[str, Counter] = {}
    query = (
        select(mentions.c.org_id, mentions.c.label, mentions.c.text, func.count())
        .where(mentions.c.org_id.is_not(None))
        .group_by(mentions.c.org_id, mentions.c.label, mentions.c.text)
    )
    for org_id, label, text, n in conn.execute(query):
        forms = names.setdefault(org_id, Counter())
        if label == "ORG" and org_id not in vocab.kb.by_id:
            forms[text] += n
    _sync(conn, organizations, "id", {
        o.id: {"id": o.id, "name": o.name, "acronym": o.acronym, "parent_id": o.parent, "kind": o.kind, "in_kb": o.known}
        for o in organization_records(names, vocab.kb)
    })
