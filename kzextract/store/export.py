"""Writing one table or view out as CSV or JSONL, streaming."""

from __future__ import annotations

import csv
import datetime
import json
from typing import Any, Optional, TextIO

from sqlalchemy import Engine, column, select, table

from ..outputs import dumps_line
from .db import StoreError, check_schema, transaction
from .schema import RELATIONS, TABLES, VIEWS

FORMATS = ("csv", "jsonl", "table")
TABLE_CELL = 48  # characters of a cell in the terminal table


def relation_select(name: str):
    """SELECT of every column of a table or view, in a stable order."""
    if name in TABLES:
        t = TABLES[name]
        return select(t).order_by(*(t.primary_key.columns or list(t.columns)[:1]))
    if name in VIEWS:
        columns = [column(c.name, c.type) for c in VIEWS[name].selected_columns]
        view = table(name, *columns)
        return select(view).order_by(*view.columns[:2])
    raise StoreError(f"no table or view {name!r}; choose one of: {', '.join(RELATIONS)}")


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


def _cell(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def export(engine: Engine, name: str, out: TextIO, fmt: str = "csv") -> int:
    """Write every row of `name` to `out`; returns the number of rows."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    statement = relation_select(name)
    rows = 0
    with transaction(engine) as conn:
        if not check_schema(conn, create=False):
            raise StoreError("the database is empty: nothing has been loaded into it")
        result = conn.execution_options(yield_per=2000).execute(statement)
        keys = list(result.keys())
        if fmt == "table":
            return _table(result, keys, out)
        writer: Optional[Any] = None
        if fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(keys)
        for row in result:
            if writer is not None:
                writer.writerow([_cell(v) for v in row])
            else:
                out.write(dumps_line({k: _plain(v) for k, v in zip(keys, row)}) + "\n")
            rows += 1
    return rows


def _table(result, keys: list[str], out: TextIO) -> int:
    """An aligned text table for a terminal (cells cut at `TABLE_CELL`)."""
    rows = [[_short(_cell(v)) for v in row] for row in result]
    widths = [max([len(k)] + [len(r[i]) for r in rows]) for i, k in enumerate(keys)]
    out.write("  ".join(k.ljust(w) for k, w in zip(keys, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")
    return len(rows)


def _short(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= TABLE_CELL else text[: TABLE_CELL - 1] + "…"
