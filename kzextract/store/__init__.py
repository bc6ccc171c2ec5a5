"""The database of records: `kzextract load`, `update` and `export`.

One SQLAlchemy Core schema (`schema.metadata`) for SQLite and PostgreSQL;
each batch is one transaction; loads are idempotent and re-resolve records
with `kzextract.records`. See README, "Database".
"""

from .db import DEFAULT_URL, StoreError, describe_error, open_engine
from .export import FORMATS, export
from .load import LoadReport, Provenance, load_records, read_output
from .schema import RELATIONS, SCHEMA_VERSION, metadata
from .update import UpdateReport, run_update

__all__ = [
    "DEFAULT_URL",
    "FORMATS",
    "RELATIONS",
    "SCHEMA_VERSION",
    "LoadReport",
    "Provenance",
    "StoreError",
    "UpdateReport",
    "describe_error",
    "export",
    "load_files",
    "load_records",
    "metadata",
    "open_engine",
    "read_output",
    "run_update",
]


def load_files(paths, url: str, *, batch_size: int, report=print) -> LoadReport:
    """`kzextract load`: every valid line of `paths` into the database at `url`."""
    from ..records import vocabulary

    engine = open_engine(url)
    try:
        summary = LoadReport()

        def problem(message: str) -> None:
            summary.skipped += 1
            report(message)

        load_records(engine, ((r, None) for r in read_output(paths, problem)), vocabulary(),
                     batch_size=batch_size, report=summary)
        return summary
    finally:
        engine.dispose()
