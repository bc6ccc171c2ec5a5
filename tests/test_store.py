"""`kzextract load`, `update` and `export` against real databases: a SQLite
file always, and a throwaway PostgreSQL server (tests/pgserver.py)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text, update

from kzextract.store import open_engine
from kzextract.store.schema import TABLES, schema_version

from pgserver import PgServer, find_bin

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "gold"


@pytest.fixture(scope="session")
def pg_server():
    if not (find_bin("initdb") and find_bin("pg_ctl")):
        pytest.skip("PostgreSQL binaries not installed (.ci/run installs them)")
    server = PgServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kz.db'}"
    return request.getfixturevalue("pg_server").new_database()


def kz(*args: str, check: bool = False, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "kzextract", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"kzextract {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


def dump(url: str, *, with_times: bool = True) -> dict:
    """Every row of every table, sorted: what 'changes nothing' compares."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    out = {}
    with engine.connect() as conn:
        for name, table in TABLES.items():
            rows = [dict(r) for r in conn.execute(select(table)).mappings()]
            if not with_times:
                for r in rows:
                    r.pop("loaded_at", None)
            out[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    engine.dispose()
    return out


def scalar(url: str, sql: str):
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def output_file(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def gold_lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- load


def test_load_twice_changes_nothing(db_url):
    kz("load", str(GOLD / "seeds.jsonl"), str(GOLD / "news.jsonl"), "--db", db_url, check=True)
    before = dump(db_url)
    assert len(before["articles"]) == 21
    assert {r["label"] for r in before["records"]} == {"SUMMIT", "DOCUMENT"}
    again = kz("load", str(GOLD / "seeds.jsonl"), str(GOLD / "news.jsonl"), "--db", db_url, check=True)
    assert "0 added, 0 changed, 21 unchanged" in again.stderr
    assert dump(db_url) == before  # loaded_at included: nothing was rewritten


def test_every_summit_and_document_mention_has_a_record(db_url):
    kz("load", str(GOLD / "seeds.jsonl"), "--db", db_url, check=True)
    missing = scalar(db_url, "SELECT count(*) FROM mentions WHERE label IN ('SUMMIT', 'DOCUMENT') AND record_id IS NULL")
    others = scalar(db_url, "SELECT count(*) FROM mentions WHERE label IN ('ORG', 'DATE') AND record_id IS NOT NULL")
    assert (missing, others) == (0, 0)
    # The three seed articles name the VI CICA summit of Astana in 2022: one record.
    articles = scalar(db_url, "SELECT articles FROM summit_overview WHERE org = 'CICA' AND ordinal = 6")
    assert articles == 3
    # The SCO Charter adopted at the St. Petersburg summit, as the view shows it.
    place = scalar(db_url, "SELECT place FROM summit_documents WHERE document LIKE 'Charter of the Shanghai%'")
    assert place == "St. Petersburg"


def test_changed_article_replaces_its_rows_and_re_resolves(db_url, tmp_path):
    seeds = gold_lines("seeds")
    kz("load", str(output_file(tmp_path / "a.jsonl", seeds)), "--db", db_url, check=True)
    before = dump(db_url)
    esr = next(r for r in seeds if r["doc_id"].startswith("esr"))
    # esr without its VI CICA summit mentions: the CICA 2022 summit record loses that article.
    kept = [s for s in esr["spans"] if not (s["label"] == "SUMMIT" and "VI" in s["text"])]
    for s in kept:
        if s.get("attrs", {}).get("summit") and not any(k["id"] == s["attrs"]["summit"] for k in kept):
            del s["attrs"]["summit"]
    changed = dict(esr, spans=kept)
    done = kz("load", str(output_file(tmp_path / "b.jsonl", [changed])), "--db", db_url, check=True)
    assert "0 added, 1 changed, 0 unchanged" in done.stderr
    after = dump(db_url)
    assert len(after["mentions"]) == len(before["mentions"]) - (len(esr["spans"]) - len(kept))
    untouched = [a for a in after["articles"] if not a["doc_id"].startswith("esr")]
    assert untouched == [a for a in before["articles"] if not a["doc_id"].startswith("esr")]
    assert scalar(db_url, "SELECT articles FROM summit_overview WHERE org = 'CICA' AND ordinal = 6") == 2
    assert scalar(db_url, "SELECT count(*) FROM mentions m LEFT JOIN records r ON r.id = m.record_id "
                          "WHERE m.record_id IS NOT NULL AND r.id IS NULL") == 0


def test_bad_lines_are_reported_with_file_and_line_and_skipped(db_url, tmp_path):
    seeds = gold_lines("seeds")
    overlapping = json.loads(json.dumps(seeds[1]))
    overlapping["doc_id"] = "overlapping"
    overlapping["spans"][1]["start"] = overlapping["spans"][0]["start"]
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps(seeds[0]) + "\n" + "{not json\n" + json.dumps(overlapping) + "\n"
        + json.dumps({"doc_id": "bad-label", "spans": [{"id": "m1", "start": 0, "end": 1, "label": "X", "text": "a"}]}) + "\n"
        + json.dumps(seeds[2]) + "\n",
        encoding="utf-8",
    )
    done = kz("load", str(path), "--db", db_url)
    assert done.returncode == 3, done.stderr
    for line_no in (2, 3, 4):
        assert f"{path}:{line_no}:" in done.stderr
    assert scalar(db_url, "SELECT count(*) FROM articles") == 2


def test_incompatible_schema_is_refused_and_nothing_written(db_url):
    kz("load", str(GOLD / "seeds.jsonl"), "--db", db_url, check=True)
    engine = open_engine(db_url)
    with engine.begin() as conn:
        conn.execute(update(schema_version).values(version=999))
    engine.dispose()
    before = dump(db_url)
    done = kz("load", str(GOLD / "news.jsonl"), "--db", db_url)
    assert done.returncode == 1
    assert "schema version 999" in done.stderr and "Traceback" not in done.stderr
    assert dump(db_url) == before


def test_kill_during_load_leaves_the_database_as_before_the_batch(db_url, tmp_path):
    """SIGKILL a load in the middle of a batch; the database then holds
    exactly the batches committed before it, as a clean load of those gives."""
    seeds = gold_lines("seeds") + gold_lines("dev") + gold_lines("news")
    many = [dict(r, doc_id=f"{r['doc_id']}#{i}") for i in range(40) for r in seeds]
    source = output_file(tmp_path / "many.jsonl", many)
    batch = 54
    proc = subprocess.Popen([sys.executable, "-m", "kzextract", "load", str(source), "--db", db_url, "--batch-size", str(batch)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    watch = _Watch(db_url)
    try:
        # Wait for a committed batch, then for the next batch's transaction to be writing.
        while time.time() < deadline and watch.committed() < batch:
            time.sleep(0.005)
        while time.time() < deadline and not watch.writing():
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        watch.close()
    committed = scalar(db_url, "SELECT count(*) FROM articles")
    assert committed % batch == 0 and 0 < committed < len(many), committed
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    kz("load", str(output_file(tmp_path / "first.jsonl", many[:committed])), "--db", reference, "--batch-size", str(batch), check=True)
    assert dump(db_url, with_times=False) == dump(reference, with_times=False)
    if db_url.startswith("sqlite"):
        assert sqlite3.connect(db_url[len("sqlite:///"):]).execute("PRAGMA integrity_check").fetchone() == ("ok",)


class _Watch:
    """One open connection that polls the database while a load runs."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith("sqlite"):
            self.path = url[len("sqlite:///"):]
            self.conn = None
        else:
            import psycopg

            self.conn = psycopg.connect(url, autocommit=True)

    def committed(self) -> int:
        try:
            if self.conn is None:
                with sqlite3.connect(self.path, timeout=0.05) as conn:
                    return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except Exception:  # no schema yet, or locked this instant
            return 0

    def writing(self) -> bool:
        if self.conn is None:
            return Path(self.path + "-journal").exists()
        query = "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction') AND query NOT LIKE 'SELECT count(*) FROM articles%'"
        return self.conn.execute(query).fetchone()[0] > 0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def test_concurrent_loads_on_one_sqlite_file_wait_and_never_corrupt(tmp_path):
    url = f"sqlite:///{tmp_path / 'kz.db'}"
    seeds, news = gold_lines("seeds"), gold_lines("news")
    a = output_file(tmp_path / "a.jsonl", [dict(r, doc_id=f"{r['doc_id']}#{i}") for i in range(20) for r in seeds])
    b = output_file(tmp_path / "b.jsonl", [dict(r, doc_id=f"{r['doc_id']}#{i}") for i in range(4) for r in news])
    procs = [subprocess.Popen([sys.executable, "-m", "kzextract", "load", str(p), "--db", url, "--batch-size", "7"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for p in (a, b)]
    results = [(p.communicate(timeout=600)[1], p.returncode) for p in procs]
    results = [(code, err) for err, code in results]
    for code, err in results:
        assert code in (0, 1), err
        if code == 1:
            assert "locked" in err and "Traceback" not in err
    assert sqlite3.connect(tmp_path / "kz.db").execute("PRAGMA integrity_check").fetchone() == ("ok",)
    loaded = [p for p, (code, _) in zip((a, b), results) if code == 0]
    reference = f"sqlite:///{tmp_path / 'ref.db'}"
    for p in loaded:
        kz("load", str(p), "--db", reference, check=True)
    assert dump(url, with_times=False) == dump(reference, with_times=False)


def test_unreachable_databases_fail_cleanly(tmp_path):
    for url in ("postgresql://kz@127.0.0.1:1/nothing", f"sqlite:///{tmp_path}/no/such/dir/kz.db", "mysql://x@y/z", "not a url"):
        done = kz("load", str(GOLD / "seeds.jsonl"), "--db", url)
        assert done.returncode == 1, (url, done.stderr)
        assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "no").exists()


# ---------------------------------------------------------------- export


def test_export_views_and_tables(db_url, tmp_path):
    kz("load", str(GOLD / "seeds.jsonl"), "--db", db_url, check=True)
    out = tmp_path / "sd.csv"
    kz("export", "--db", db_url, "summit_documents", "-o", str(out), check=True)
    header, *rows = out.read_text(encoding="utf-8").splitlines()
    assert header.split(",")[:4] == ["summit_id", "summit", "org", "place"]
    assert any("Samarkand Declaration" in row for row in rows)
    jsonl = kz("export", "--db", db_url, "articles", "--format", "jsonl", check=True).stdout.splitlines()
    first = json.loads(jsonl[0])
    assert set(first) == {c.name for c in TABLES["articles"].columns} and isinstance(first["meta"], dict)
    unknown = kz("export", "--db", db_url, "nope")
    assert unknown.returncode == 1 and "summit_documents" in unknown.stderr


def test_export_of_a_missing_sqlite_file_creates_nothing(tmp_path):
    done = kz("export", "--db", f"sqlite:///{tmp_path / 'absent.db'}", "summits")
    assert done.returncode == 1 and "no such database file" in done.stderr
    assert not (tmp_path / "absent.db").exists()


# ---------------------------------------------------------------- update


def test_update_extracts_only_what_is_new_or_changed(db_url, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("cica-chairmanship-2023", "kazinform-2024-chairs"):
        for suffix in (".txt", ".meta.json"):
            (inputs / f"{name}{suffix}").write_bytes((ROOT / "corpus" / f"{name}{suffix}").read_bytes())
    first = kz("update", str(inputs), "--db", db_url, check=True)
    assert "2 added, 0 changed, 0 unchanged; 2 extracted" in first.stderr
    second = kz("update", str(inputs), "--db", db_url, check=True)
    assert "0 added, 0 changed, 2 unchanged; 0 extracted" in second.stderr
    text_file = inputs / "kazinform-2024-chairs.txt"
    text_file.write_text(text_file.read_text(encoding="utf-8") + "\nThe SCO summit in Astana in July 2024 followed.\n", encoding="utf-8")
    third = kz("update", str(inputs), "--db", db_url, check=True)
    assert "0 added, 1 changed, 1 unchanged; 1 extracted" in third.stderr
    row = scalar(db_url, "SELECT rules_hash FROM articles WHERE doc_id = 'kazinform-2024-chairs'")
    from kzextract.ruleset import load_rules

    assert row == load_rules().digest


def test_load_pauses_the_garbage_collector_and_restores_it(tmp_path, monkeypatch):
    import gc

    from kzextract.records import vocabulary
    from kzextract.store import load as load_module

    seen = []
    real = load_module.load_batch

    def spy(conn, batch, vocab):
        seen.append(gc.isenabled())
        return real(conn, batch, vocab)

    monkeypatch.setattr(load_module, "load_batch", spy)
    engine = open_engine(f"sqlite:///{tmp_path / 'gc.db'}")
    records = list(load_module.read_output([output_file(tmp_path / "o.jsonl", gold_lines("seeds"))], print))
    assert gc.isenabled()
    load_module.load_records(engine, ((r, None) for r in records), vocabulary())
    assert seen == [False] and gc.isenabled()

    def broken(conn, batch, vocab):
        raise RuntimeError("stop")

    monkeypatch.setattr(load_module, "load_batch", broken)
    with pytest.raises(RuntimeError):
        load_module.load_records(engine, ((r, None) for r in records), vocabulary())
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that had turned it off keeps it off
        with load_module.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_insert_rows_stores_what_sqlalchemy_stores(tmp_path):
    import datetime

    from kzextract.store.db import check_schema, transaction
    from kzextract.store.load import insert_rows
    from kzextract.store.schema import articles, organizations

    when = datetime.datetime(2026, 12, 2, 1, 2, 3, 456789, tzinfo=datetime.timezone.utc)
    meta = {"title": "Déclaration", "n": [1, 2.5, None]}
    tables = {}
    for name, insert in (("fast", insert_rows), ("plain", lambda conn, table, rows: conn.execute(table.insert(), rows))):
        engine = open_engine(f"sqlite:///{tmp_path / name}.db")
        with transaction(engine) as conn:
            check_schema(conn, create=True)
            insert(conn, articles, [
                {"doc_id": "a", "text_sha256": None, "output_sha256": "x", "meta": meta,
                 "kzextract_version": "1", "rules_hash": None, "loaded_at": when},
            ])
            insert(conn, organizations, [
                {"id": "SCO", "name": "Shanghai", "acronym": None, "parent_id": None, "kind": None, "in_kb": True},
                {"id": "X", "name": "X", "acronym": "X", "parent_id": None, "kind": "org", "in_kb": False},
            ])
        engine.dispose()
        with sqlite3.connect(tmp_path / f"{name}.db") as raw:
            tables[name] = [raw.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("articles", "organizations")]
    assert tables["fast"] == tables["plain"]
    assert tables["fast"][1][0][-1] == 1 and '"Déclaration"' in tables["fast"][0][0][3]
