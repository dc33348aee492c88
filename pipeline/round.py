"""A whole round as plain functions: load the rubric, find dossiers, write the outputs.

The Prefect flow in ``flows/round.py`` calls these; tests call them directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractors.errors import OutputError
from pipeline.models import DossierRecord
from pipeline.reconcile import reconcile, save_run_params
from pipeline.rubric import Round, Rubric, load_rubric
from pipeline.writers.letters import write_letters
from pipeline.writers.records import write_record
from pipeline.writers.report import write_report
from pipeline.writers.summary import build_summary, write_summary
from pipeline.writers.worksheet import write_worksheet


def load_round(criteria: str | Path | None, year: int | None) -> tuple[Rubric, Round]:
    """The rubric and the round to judge against."""
    rubric = load_rubric(criteria)
    return rubric, rubric.round(year)


def prepare_output(out: Path) -> Path:
    """Create OUT and its work area; fail clearly when it cannot be written."""
    try:
        (out / "dossiers").mkdir(parents=True, exist_ok=True)
        (out / ".work").mkdir(exist_ok=True)
        probe = out / ".work" / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"{out}: {exc}") from exc
    return out / ".work"


def write_outputs(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path, inbox: Path | None = None,
                  reviewed: Path | None = None, redecide_all: bool = False) -> dict:
    """Records, worksheet, letters, summary and report for the round; returns the summary.

    Reviewers' edits in the worksheet about to be replaced (and in ``reviewed``, a worksheet
    given to ``spcncl review``) are merged into ``overrides.json`` first, and the dossiers they
    touch are decided again from the document store (``pipeline.reconcile``).
    """
    records = sorted(records, key=lambda r: r.dossier_id)
    state = reconcile(records, rubric, rnd, out, inbox, reviewed, redecide_all)
    records = state.records
    today = dt.date.today()
    for record in records:
        record.round = rnd.year
        record.criteria_file = Path(rubric.source_path or "").name
        write_record(record, out)
    write_worksheet(records, rubric, rnd, out, state.overrides, state.machine_points, today)
    write_letters(records, rubric, rnd, out, today=today)
    summary = build_summary(records, rubric, rnd, state.overrides, state.problems)
    write_summary(summary, out)
    write_report(summary, records, rubric, rnd, out, today)
    save_run_params(out, rubric, rnd, inbox)
    return summary
