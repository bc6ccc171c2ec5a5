"""The database schema: one SQLAlchemy Core `MetaData` for SQLite and
PostgreSQL alike, tables and the views an analyst queries.

    articles ─< mentions >─ records ─┬─ summits ─< documents
                   │                 └─ documents
                   └──> organizations <── summits, documents, organizations (parent)

`records` holds the id and label of every summit and document record, so a
mention's `record_id` is one foreign key whichever kind it is. Dates are
ISO 8601 text at the precision written (`2022`, `2022-10-12`,
`2022-10-12/2022-10-13`); `year` columns hold the year as a number for
sorting and grouping. Foreign keys are deferred to the end of the
transaction, so a batch may write its rows in any order.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    event,
    func,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import DDLElement

# Bump when a table or view changes shape; a database of another version is
# refused rather than written to.
SCHEMA_VERSION = 1
SCHEMA_NAME = "kzextract"

metadata = MetaData()


def _fk(target: str, **kw) -> ForeignKey:
    return ForeignKey(target, deferrable=True, initially="DEFERRED", **kw)


schema_version = Table(
    "kz_schema",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("version", Integer, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("doc_id", Text, primary_key=True),
    Column("text_sha256", String(64), comment="sha256 of the UTF-8 text, when known"),
    Column("output_sha256", String(64), nullable=False, comment="sha256 of the extraction output line (meta and spans)"),
    Column("meta", JSON, nullable=False),
    Column("kzextract_version", String(32), comment="the kzextract that extracted it, when known"),
    Column("rules_hash", String(64), comment="RuleSet.digest of the rules it was extracted with, when known"),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

organizations = Table(
    "organizations",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("acronym", Text),
    Column("parent_id", Text, _fk("organizations.id")),
    Column("kind", String(16)),
    Column("in_kb", Boolean, nullable=False, comment="false: not in the knowledge base; id is the slug of its name"),
)

records = Table(
    "records",
    metadata,
    Column("id", Text, primary_key=True),
    Column("label", String(8), nullable=False),
    CheckConstraint("label IN ('SUMMIT', 'DOCUMENT')", name="record_label"),
)

summits = Table(
    "summits",
    metadata,
    Column("id", Text, _fk("records.id", ondelete="CASCADE"), primary_key=True),
    Column("org_id", Text, _fk("organizations.id")),
    Column("place", Text),
    Column("date", Text),
    Column("year", Integer),
    Column("ordinal", Integer),
    Column("name", Text, nullable=False),
    Index("ix_summits_org", "org_id", "year"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Text, _fk("records.id", ondelete="CASCADE"), primary_key=True),
    Column("title", Text, nullable=False),
    Column("type", String(16)),
    Column("org_id", Text, _fk("organizations.id")),
    Column("date", Text),
    Column("year", Integer),
    Column("summit_id", Text, _fk("summits.id")),
    Column("known_id", Text, comment="id in rules/documents.jsonl"),
    Index("ix_documents_summit", "summit_id"),
    Index("ix_documents_org", "org_id", "year"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("doc_id", Text, primary_key=True),
    Column("mention_id", Text, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("label", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("norm", Text),
    Column("org_id", Text, _fk("organizations.id"), comment="ORG: its id; SUMMIT, DOCUMENT: attrs.org"),
    Column("record_id", Text, _fk("records.id"), comment="SUMMIT and DOCUMENT: the record it belongs to"),
    Column("attrs", JSON, comment="SUMMIT and DOCUMENT attributes as extracted"),
    ForeignKeyConstraint(
        ["doc_id"], ["articles.doc_id"], ondelete="CASCADE", deferrable=True, initially="DEFERRED"
    ),
    Index("ix_mentions_label", "label"),
    Index("ix_mentions_record", "record_id"),
    Index("ix_mentions_org", "org_id"),
)

TABLES = {t.name: t for t in (articles, mentions, summits, documents, organizations, records)}


# ---------------------------------------------------------------- views


class CreateView(DDLElement):
    def __init__(self, name: str, selectable):
        self.name, self.selectable = name, selectable


class DropView(DDLElement):
    def __init__(self, name: str):
        self.name = name


@compiles(CreateView)
def _create_view(element: CreateView, compiler, **kw) -> str:
    body = compiler.sql_compiler.process(element.selectable, literal_binds=True)
    return f"CREATE VIEW {element.name} AS {body}"


@compiles(DropView)
def _drop_view(element: DropView, compiler, **kw) -> str:
    return f"DROP VIEW IF EXISTS {element.name}"


def _counts(record_column):
    """(mentions, articles) of a record, as correlated scalar subqueries."""
    m = mentions.alias()
    n_mentions = select(func.count()).where(m.c.record_id == record_column).scalar_subquery()
    n_articles = select(func.count(m.c.doc_id.distinct())).where(m.c.record_id == record_column).scalar_subquery()
    return n_mentions, n_articles


def _views() -> dict[str, object]:
    org = organizations.alias("org")
    s_mentions, s_articles = _counts(summits.c.id)
    n_documents = select(func.count()).where(documents.c.summit_id == summits.c.id).scalar_subquery()
    d_mentions, d_articles = _counts(documents.c.id)
    org_mentions = mentions.alias("om")
    return {
        # "What did each summit adopt?": one row per summit and document it adopted
        # (a summit with no known document has one row with an empty document).
        "summit_documents": select(
            summits.c.id.label("summit_id"), summits.c.name.label("summit"), summits.c.org_id.label("org"),
            summits.c.place, summits.c.date.label("summit_date"), summits.c.year, summits.c.ordinal,
            documents.c.id.label("document_id"), documents.c.title.label("document"), documents.c.type,
            documents.c.date.label("document_date"),
        ).select_from(summits.outerjoin(documents, documents.c.summit_id == summits.c.id)),
        "summit_overview": select(
            summits.c.id, summits.c.name, summits.c.org_id.label("org"), org.c.name.label("org_name"),
            summits.c.place, summits.c.date, summits.c.year, summits.c.ordinal,
            s_mentions.label("mentions"), s_articles.label("articles"), n_documents.label("documents"),
        ).select_from(summits.outerjoin(org, org.c.id == summits.c.org_id)),
        "document_overview": select(
            documents.c.id, documents.c.title, documents.c.type, documents.c.org_id.label("org"),
            org.c.name.label("org_name"), documents.c.date, documents.c.year,
            documents.c.summit_id, summits.c.name.label("summit"),
            d_mentions.label("mentions"), d_articles.label("articles"),
        ).select_from(
            documents.outerjoin(org, org.c.id == documents.c.org_id).outerjoin(summits, summits.c.id == documents.c.summit_id)
        ),
        "record_mentions": select(
            mentions.c.record_id, records.c.label, mentions.c.doc_id, mentions.c.mention_id,
            mentions.c.start_char, mentions.c.end_char, mentions.c.text,
        ).select_from(mentions.join(records, records.c.id == mentions.c.record_id)),
        "organization_mentions": select(
            organizations.c.id, organizations.c.name, organizations.c.acronym, organizations.c.parent_id,
            organizations.c.kind, organizations.c.in_kb,
            func.count(org_mentions.c.mention_id).label("mentions"),
            func.count(org_mentions.c.doc_id.distinct()).label("articles"),
        ).select_from(
            organizations.outerjoin(
                org_mentions, and_(org_mentions.c.org_id == organizations.c.id, org_mentions.c.label == "ORG")
            )
        ).group_by(
            organizations.c.id, organizations.c.name, organizations.c.acronym, organizations.c.parent_id,
            organizations.c.kind, organizations.c.in_kb,
        ),
    }


VIEWS = _views()

for _name, _select in VIEWS.items():
    event.listen(metadata, "after_create", CreateView(_name, _select))
for _name in reversed(list(VIEWS)):
    event.listen(metadata, "before_drop", DropView(_name))

RELATIONS = [*TABLES, *VIEWS]  # what `export` can write
