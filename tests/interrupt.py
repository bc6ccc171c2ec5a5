"""A run stopped part-way, for the tests of `--resume`."""

from __future__ import annotations

from pathlib import Path

import pytest


def interrupted_run(monkeypatch, source: Path, out: Path, stop_at: str) -> None:
    """A run stopped (as by Ctrl-C) when it reaches document `stop_at`: the
    partial output and its provenance stay, as a kill leaves them."""
    from kzextract import pipeline
    from kzextract.batch import RunStopped, run_extraction

    real = pipeline.extract

    def stop(nlp, doc_id, *args, **kwargs):
        if doc_id == stop_at:
            raise KeyboardInterrupt
        return real(nlp, doc_id, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "extract", stop)
        with pytest.raises(RunStopped):
            run_extraction([str(source)], out, report=lambda message: None)
