"""Command line: one thin command per verb over an importable function."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .inputs import DEFAULT_MAX_RECORD_BYTES

# click's UsageError, from whichever click typer uses (recent typer vendors its own).
_UsageError = next(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "UsageError")


class _Commands(TyperGroup):
    """Usage errors (unknown option, missing argument, bad value) exit 1, the
    README's "fatal: nothing could run", not click's 2, which `score
    --min-f1` uses for "below threshold"."""

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except _UsageError as err:
            err.exit_code = 1
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except _UsageError as err:
            err.exit_code = 1
            raise


app = typer.Typer(
    cls=_Commands,
    add_completion=False,
    no_args_is_help=True,
    help="Extract organizations, dates, summits and adopted documents from texts about multilateral diplomacy.",
)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _print_version(value: bool) -> None:
    # A parameter callback: it runs while options are parsed, before click
    # asks for a command, so `kzextract --version` works on its own.
    if value:
        typer.echo(__version__)
        raise typer.Exit(0)


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
    ),
) -> None:
    pass


@app.command()
def extract(
    paths: List[str] = typer.Argument(
        ...,
        help=".txt files (doc id = file stem; meta from <stem>.meta.json), "
        ".html/.htm/.html.gz pages (the article's main text; published, title, source, url, author from the page), "
        ".pdf files (the text layer without running headers and page numbers; published and title from the PDF's metadata), "
        '.jsonl/.jsonl.gz files of {"id" or "doc_id", "text", "meta"}, '
        "directories (every such file directly in them, sorted by name), or - for JSONL on stdin. "
        "A <stem>.meta.json beside an HTML or PDF file overrides its meta, key by key.",
    ),
    output: Optional[Path] = typer.Option(
        None,
        "-o",
        "--output",
        help="Output JSONL file, written atomically (problems go to <name>.errors.jsonl); a symlink is written "
        "through to its target; a device or FIFO (/dev/null, a named pipe) is written through; - or /dev/stdout: "
        "standard output (the default).",
    ),
    include_text: bool = typer.Option(False, "--include-text", help="Put each document's text in its output line."),
    workers: int = typer.Option(
        1, "--workers", "-w", help="Worker processes (0 = all cores; at most the number of cores). Output is identical for any number."
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Continue an interrupted run from OUTPUT's partial file; lines whose input, rules or version changed are computed again."
    ),
    model: Optional[str] = typer.Option(
        None, "--model", help="A pipeline saved by `kzextract save` (its own rules are used), or another spaCy pipeline to add the kz components to."
    ),
    rules: Optional[Path] = typer.Option(None, "--rules", help="A rules directory to use instead of the packaged rules/."),
    max_record_bytes: int = typer.Option(
        DEFAULT_MAX_RECORD_BYTES, "--max-record-bytes", min=1,
        help="Skip (as a problem) a JSONL line or file larger than this many bytes, unread. Default 64 MiB.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr: no progress, warnings or summary."),
    dask: Optional[str] = typer.Option(
        None, "--dask", metavar="ADDRESS",
        help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or local:N for N local worker processes. "
        "Needs kzextract[dask]; output is the same as a local run's.",
    ),
) -> None:
    """Extract mentions from PATHS into JSONL, one line per document, in input order.

    Exit status: 0 all processed, 1 fatal error (nothing ran), 3 finished but some records were skipped,
    4 stopped by a write error (the partial output is kept for --resume), 130/143 interrupted by Ctrl-C/SIGTERM.
    """
    from .batch import RunStopped, run_extraction
    from .inputs import InputError
    from .outputs import OutputError, resolve_target
    from .rule_schema import RuleFileError

    if workers < 0:
        _fail("--workers must be 0 (all cores) or more")
    try:
        target = resolve_target(output)
    except OutputError as err:
        _fail(str(err))
    if resume and target.kind != "file":
        _fail("--resume needs -o/--output naming a file" if target.kind == "stdout" else f"--resume: {output} is not a regular file")
    fatal: tuple[type[Exception], ...] = (InputError, OutputError, RuleFileError, OSError)
    if dask is not None:
        if workers != 1:
            _fail("--workers and --dask do not go together: the cluster's workers do the work")
        try:
            from .distributed import ClusterError, local_workers

            local_workers(dask)
        except (ImportError, ValueError) as err:
            _fail(str(err))
        fatal += (ClusterError,)
    report = (lambda message: None) if quiet else (lambda message: typer.echo(message, err=True))
    try:
        summary = run_extraction(
            paths,
            target,
            workers=workers,
            include_text=include_text,
            resume=resume,
            model=model,
            rules_path=str(rules) if rules else None,
            max_record_bytes=max_record_bytes,
            progress=not quiet and sys.stderr.isatty(),
            report=report,
            stdin=sys.stdin.buffer if "-" in paths else None,
            dask=dask,
        )
    except BrokenPipeError:
        # `kzextract extract … | head`: the reader has what it wanted.
        sys.stderr.close()
        raise typer.Exit(0)
    except RunStopped as stop:
        typer.echo(str(stop), err=True)
        raise typer.Exit(stop.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted before any document was written", err=True)
        raise typer.Exit(130)
    except fatal as err:
        _fail(str(err))
    report(summary.line())
    raise typer.Exit(summary.exit_code)


@app.command()
def score(
    gold: Path = typer.Argument(..., help="Gold JSONL (gold/seeds.jsonl)."),
    pred: Path = typer.Argument(..., help="Predicted JSONL (kzextract extract output)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    errors: int = typer.Option(
        0, "--errors", help="List the first N false positives and negatives per label, and wrong SUMMIT/DOCUMENT attributes, with context."
    ),
    min_f1: List[str] = typer.Option(
        [], "--min-f1", help="LABEL=X: exit 2 if strict F1 of LABEL (ORG, DATE, SUMMIT, DOCUMENT, micro, macro) is below X."
    ),
    min_attr: List[str] = typer.Option(
        [], "--min-attr", help="LABEL.KEY=X: exit 2 if the accuracy of a SUMMIT/DOCUMENT attribute (e.g. DOCUMENT.summit) is below X."
    ),
    bootstrap: int = typer.Option(1000, "--bootstrap", help="Bootstrap resamples for the 95% confidence intervals (0: none)."),
) -> None:
    """Score predictions against gold: strict and lenient P/R/F1 per label, DATE norms, ORG ids, attributes,
    and the grouping of SUMMIT and DOCUMENT mentions into records (the resolver assigns records to
    predictions that carry no attrs.record).

    Exit status: 0, 1 fatal (unreadable file, bad option), 2 below a --min-f1 threshold."""
    from .batch import EXIT_BELOW_THRESHOLD
    from .records import assign_records
    from .scoring import check_min_attr, check_min_f1, format_table, list_errors, score as score_records
    from .validation import read_records

    thresholds = _thresholds(min_f1, "--min-f1", "LABEL")
    attr_thresholds = _thresholds(min_attr, "--min-attr", "LABEL.KEY")
    try:
        gold_records, pred_records = read_records(gold), read_records(pred)
        predicted = {record.doc_id for record in pred_records}
        missing = [record.doc_id for record in gold_records if record.doc_id not in predicted]
        if missing:
            shown = ", ".join(missing[:10]) + (", …" if len(missing) > 10 else "")
            typer.echo(
                f"warning: {len(missing)} of {len(gold_records)} gold documents have no line in {pred}"
                f" (scored as all missed): {shown}",
                err=True,
            )
        report = score_records(gold_records, pred_records, bootstrap=bootstrap, assign=assign_records)
        failures = check_min_f1(report, thresholds) + check_min_attr(report, attr_thresholds)
    except (ValueError, OSError) as err:
        _fail(str(err))
    typer.echo(json.dumps(report, indent=2) if as_json else format_table(report))
    if errors:
        typer.echo(list_errors(gold_records, pred_records, errors))
    for failure in failures:
        typer.echo(f"below threshold: {failure}", err=True)
    raise typer.Exit(EXIT_BELOW_THRESHOLD if failures else 0)


def _thresholds(items: List[str], option: str, what: str) -> dict[str, float]:
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        try:
            out[key] = float(value)
        except ValueError:
            _fail(f"{option} expects {what}=NUMBER, got {item!r}")
    return out


@app.command()
def validate(files: List[Path] = typer.Argument(..., help="Gold or output JSONL files.")) -> None:
    """Check files against the annotation contract; every problem with file, line and span."""
    from .validation import check_file

    problems, without_text = [], 0
    for file in files:
        checked = check_file(file)
        problems.extend(checked.problems)
        without_text += checked.without_text
    for problem in problems:
        typer.echo(str(problem), err=True)
    unchecked = (
        f" (offsets and span texts not checked in {without_text} records without text: run extract with --include-text)"
        if without_text
        else ""
    )
    typer.echo(f"{len(files)} files, {len(problems)} problems{unchecked}", err=True)
    raise typer.Exit(1 if problems else 0)


@app.command()
def render(
    pred: Path = typer.Argument(..., help="Predicted JSONL (kzextract extract output; with --include-text unless GOLD has the texts)."),
    gold: Optional[Path] = typer.Option(
        None, "--gold", help="Gold JSONL: mark true positives, false positives, false negatives and attribute differences."
    ),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="HTML file to write. Default: stdout."),
) -> None:
    """Draw each document with displaCy as one self-contained HTML page: mentions coloured by label,
    norm and attributes in the tooltips; with --gold, FP and FN marked apart. Exit 1 on an unreadable
    file or a document without text."""
    from .render import render_file

    try:
        page, summary = render_file(pred, gold)
        if output is None:
            typer.echo(page)
        else:
            output.write_text(page, encoding="utf-8")
    except (ValueError, OSError) as err:
        _fail(str(err))
    typer.echo(summary.line() + (f" rendered to {output}" if output is not None else ""), err=True)


@app.command()
def save(
    directory: Path = typer.Argument(..., help="Folder to write the pipeline to (created; an existing pipeline there is replaced)."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="A rules directory to build with instead of the packaged rules/."),
) -> None:
    """Save a complete spaCy pipeline folder, rules included: `spacy.load(DIRECTORY)` needs no kzextract import
    and `kzextract extract --model DIRECTORY` uses the rules inside it."""
    from .pipeline import build_pipeline, save_pipeline
    from .rule_schema import RuleFileError

    if directory.exists() and not directory.is_dir():
        _fail(f"{directory}: exists and is not a directory")
    try:
        save_pipeline(build_pipeline(rules_path=str(rules) if rules else None), directory)
    except (RuleFileError, OSError) as err:
        _fail(str(err))
    typer.echo(f"saved to {directory}", err=True)


@app.command()
def schema() -> None:
    """Print the JSON Schema of an output (and gold) line."""
    from .schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


DB_HELP = "Database URL: sqlite:///FILE (created if missing) or postgresql://user@host:port/name."


@app.command()
def load(
    files: List[Path] = typer.Argument(..., help="Output JSONL files of `kzextract extract` (.jsonl or .jsonl.gz)."),
    db: str = typer.Option("sqlite:///kzextract.db", "--db", help=DB_HELP),
    batch_size: int = typer.Option(20_000, "--batch-size", help="Articles per transaction; a killed load keeps the batches before."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
) -> None:
    """Load extraction output into a database: articles, mentions, and the summit, document and
    organization records across all articles (re-resolved on every load). Loading the same file twice
    changes nothing. Exit status: 0 loaded, 1 database error (nothing written), 3 some lines skipped."""
    from .store import describe_error, load_files

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        _fail(f"no such file: {', '.join(missing)}")
    if batch_size < 1:
        _fail("--batch-size must be 1 or more")
    try:
        summary = load_files(files, db, batch_size=batch_size, report=lambda message: typer.echo(message, err=True))
    except Exception as err:  # database errors of every driver, made one line
        _fail(describe_error(db, err))
    if not quiet:
        typer.echo(summary.line(), err=True)
    raise typer.Exit(3 if summary.skipped else 0)


@app.command()
def update(
    paths: List[str] = typer.Argument(..., help="Inputs as for `kzextract extract` (files, directories, JSONL)."),
    db: str = typer.Option(..., "--db", help=DB_HELP),
    workers: int = typer.Option(1, "--workers", "-w", help="Worker processes for the extraction (0 = all cores)."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="A rules directory to use instead of the packaged rules/."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
) -> None:
    """The daily job: extract only the articles that are new or whose text, meta, rules or kzextract
    version changed since the database last saw them, load them, and report added/changed/unchanged."""
    from .inputs import InputError
    from .records import vocabulary
    from .rule_schema import RuleFileError
    from .ruleset import load_rules
    from .store import describe_error, open_engine, run_update

    report = (lambda message: None) if quiet else (lambda message: typer.echo(message, err=True))
    try:
        rules_path = str(rules) if rules else None
        digest = load_rules(rules_path).digest
        engine = open_engine(db)
        summary = run_update(paths, engine, vocabulary(rules_path), rules_hash=digest, workers=workers,
                             rules_path=rules_path, report=report)
    except (InputError, RuleFileError) as err:
        _fail(str(err))
    except Exception as err:  # database errors of every driver, made one line
        _fail(describe_error(db, err))
    typer.echo(summary.line(), err=True)
    raise typer.Exit(3 if summary.skipped else 0)


@app.command()
def export(
    name: str = typer.Argument(..., help="A table (articles, mentions, summits, documents, organizations, records) "
                               "or view (summit_documents, summit_overview, document_overview, record_mentions, organization_mentions)."),
    db: str = typer.Option(..., "--db", help=DB_HELP),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, jsonl, or table (aligned text for a terminal)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write; default stdout."),
) -> None:
    """Write a table or view of the database as CSV or JSONL, for a spreadsheet or a dataframe."""
    from .store import describe_error, export as export_relation, open_engine

    try:
        engine = open_engine(db, write=False, must_exist=True)
        if output is None:
            export_relation(engine, name, sys.stdout, fmt)
        else:
            partial = output.with_name(output.name + ".partial")
            with open(partial, "w", encoding="utf-8", newline="") as handle:
                export_relation(engine, name, handle, fmt)
            partial.replace(output)
    except Exception as err:  # database errors of every driver, made one line
        _fail(describe_error(db, err))
