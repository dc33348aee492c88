"""The hostile corpus (``tests/hostile``) as one batch: every bad input ends as a finding on its
own document — never a crashed batch, a hang, a full disk, a network call or a file written
outside OUT.

The batch runs in a child process (so its peak memory is its own, and a crash could not take
pytest down) with the network blocked: by a socket guard that logs every attempt, and, where the
kernel allows, in a network namespace of its own. It runs once through the plain functions and
once through ``spcncl run`` (Prefect embedded mode, which talks to its own server on 127.0.0.1).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import docx
import jsonschema
import openpyxl
import pytest

from pipeline.missing import OUR_FAULT
from tests.hostile.corpus import HANG_SECONDS, Case, Corpus, build
from tests.hostile.netguard import attempts, write_sitecustomize

from .conftest import ROOT

BATCH_SECONDS = 240  # the batch is killed (and the test fails) past this
MEMORY_MB = 1500  # peak resident memory allowed to the batch process and to each helper


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return build(tmp_path_factory.mktemp("hostile"))


def snapshot(root: Path, skip: set[Path]) -> dict[bytes, tuple]:
    """Every entry under ``root`` (outside ``skip``) with its type, size and modification time."""
    seen: dict[bytes, tuple] = {}
    for folder, dirs, files in os.walk(os.fsencode(root)):
        dirs[:] = [d for d in dirs if Path(os.fsdecode(os.path.join(folder, d))) not in skip]
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            is_dir = os.path.isdir(path) and not os.path.islink(path)  # a folder's own times change with its files
            seen[path] = (info.st_mode,) if is_dir else (info.st_mode, info.st_size, info.st_mtime_ns)
    return seen


def child_env(corpus: Corpus, tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPCNCL_")}
    env.update(PATH=f"{corpus.stub_bin}{os.pathsep}{env.get('PATH', '')}", TMPDIR=str(tmp),
               SPCNCL_LIBREOFFICE_TIMEOUT="3", SPCNCL_DOCUMENT_TIMEOUT="60", PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


def netns_prefix() -> list[str]:
    """``unshare -n`` when this machine lets us start a process without a network, else nothing."""
    try:
        done = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return ["unshare", "-n"] if done.returncode == 0 else []


def hang_leftovers() -> list[str]:
    """Processes still running the LibreOffice stub's sleeps."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if cmdline == f"sleep\0{HANG_SECONDS}\0".encode():
            found.append(proc.name)
    return found


def find_record(out: Path, case: Case) -> dict:
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "dossiers").glob("*.json")]
    matches = [r for r in records if r["dossier_id"] == case.dossier
               or (case.id_prefix and r["dossier_id"].startswith(case.dossier))]
    assert len(matches) == 1, f"{case.kind}: no single record for {case.dossier!r}"
    return matches[0]


def letter_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def check_outcomes(corpus: Corpus, out: Path, schema: dict) -> dict[str, dict]:
    """Every dossier has a valid record; every file its expected outcome; letters ask for bad files."""
    validator = jsonschema.Draft202012Validator(schema)
    outcomes: dict[str, dict] = {}
    for case in corpus.cases:
        record = find_record(out, case)
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{case.kind}: {errors[0].message} at {list(errors[0].path)}"
        if case.status is not None:
            assert record["status"] in case.status, f"{case.kind}: status {record['status']}"
        entries = {d["file"]: d for d in record["documents"]}
        for relpath, expected in case.files.items():
            assert relpath in entries, f"{case.kind}: {relpath!r} not in {sorted(entries)}"
            entry = entries[relpath]
            assert entry["error_code"] in expected, f"{case.kind}/{relpath}: {entry['error_code']} ({entry['error']})"
            if entry["error"] is not None:
                assert entry["error_code"], f"{case.kind}/{relpath}: error without a code"
                assert any(ord(ch) > 127 for ch in entry["error"].split(" (")[0]), "no Vietnamese message"
                assert not any(ord(ch) < 32 for ch in entry["error"]), "control character in the message"
        bad = [d for d in record["documents"] if d["error"] is not None]
        for entry in bad:
            if entry["error_code"] in OUR_FAULT:  # a timeout is the machine's problem: flagged, not asked for
                assert any(f["code"] == f"system_error:{entry['error_code']}" and entry["file"] in f["message"]
                           for f in record["findings"]), f"{case.kind}: {entry['file']} not flagged"
                assert not any(m["code"] == f"other:{entry['file']}" for m in record["missing_evidence"])
                continue
            # asked for again: as the missing document it stands for (its name in the item), or by name
            assert any(m["reason"] == "unreadable" and (m["code"] == f"other:{entry['file']}"
                                                        or f"«{entry['file']}»" in m["message"])
                       for m in record["missing_evidence"]), f"{case.kind}: {entry['file']} not asked for again"
        bad = [d for d in bad if d["error_code"] not in OUR_FAULT]
        if record["status"] in ("incomplete", "ineligible") and bad:
            from pipeline.writers.records import record_filename

            text = letter_text(out / "letters" / f"{record_filename(record['dossier_id'])}.docx")
            for entry in bad:
                assert f"«{entry['file']}»" in text and "Không đọc được" in text, f"{case.kind}: letter"
        outcomes[record["dossier_id"]] = {"status": record["status"], "case": case.kind,
                                          "documents": {d["file"]: (d["error_code"], d["error"]) for d in bad}}
    return outcomes


def check_nothing_leaked(corpus: Corpus, out: Path, before: dict[bytes, tuple], tmp: Path) -> None:
    """Nothing outside OUT changed; no escaped member; no secret from outside the inbox in OUT."""
    after = snapshot(corpus.root, {out})
    assert after == before, f"changed outside OUT: {sorted(set(after) ^ set(before))[:5]}"
    for place in (Path("/tmp"), corpus.root, corpus.root.parent, corpus.inbox, out, out.parent, tmp):
        assert not (place / corpus.evil_name).exists(), f"an archive member escaped to {place}"
    assert not list(tmp.iterdir()), f"temporary files left behind: {list(tmp.iterdir())[:3]}"
    assert not (corpus.root / "launched").exists(), "a PDF launch action ran"
    token = corpus.token.encode()
    for path in out.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert token not in path.read_bytes(), f"a file from outside the inbox leaked into {path}"
    assert not hang_leftovers(), "LibreOffice's helper processes outlived the timeout"
    assert not list(out.rglob("*.tmp")), "a half-written output was left behind"
    workbook = openpyxl.load_workbook(out / "worksheet.xlsx", read_only=True)
    workbook.close()


def test_whole_corpus_as_one_batch(corpus, contract_schema, tmp_path):
    """The acceptance test: bounded time and memory, a record per dossier, an error per bad file."""
    assert len({c.kind for c in corpus.cases}) >= 25
    out, tmp, cwd = corpus.root / "out-plain", corpus.root / "tmp-plain", corpus.root / "cwd-plain"
    tmp.mkdir()
    cwd.mkdir()
    before = snapshot(corpus.root, {out})
    report_path, netlog = tmp_path / "report.json", tmp_path / "net.log"
    command = [*netns_prefix(), sys.executable, "-m", "tests.hostile.batch", str(corpus.inbox), str(out),
               str(report_path), str(netlog)]
    env = child_env(corpus, tmp, PYTHONPATH=str(ROOT))
    started = time.monotonic()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=BATCH_SECONDS,
                          check=False)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert elapsed < BATCH_SECONDS
    assert report["maxrss_mb"] < MEMORY_MB and report["children_maxrss_mb"] < MEMORY_MB, report
    assert attempts(netlog) == [], "the batch tried to reach the network"
    assert sorted(report["statuses"]) == sorted(json.loads(p.read_text(encoding="utf-8"))["dossier_id"]
                                                for p in (out / "dossiers").glob("*.json"))
    outcomes = check_outcomes(corpus, out, contract_schema)
    for case in corpus.cases:
        if case.warning is not None:
            warnings = [w for d in report["documents"][case.dossier] for w in d["warnings"]]
            assert any(case.warning in w for w in warnings), f"{case.kind}: no warning {case.warning!r}"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["dossiers"]["total"] == len(report["statuses"])
    check_nothing_leaked(corpus, out, before, tmp)
    (tmp_path / "outcomes.json").write_text(json.dumps(outcomes, ensure_ascii=False, indent=1), encoding="utf-8")


def test_whole_corpus_through_the_cli(corpus, contract_schema, tmp_path):
    """``spcncl run`` (Prefect embedded mode) on the same corpus exits 0, and only 127.0.0.1 is
    contacted (Prefect's own local server)."""
    out, tmp, cwd = corpus.root / "out-cli", corpus.root / "tmp-cli", corpus.root / "cwd-cli"
    tmp.mkdir()
    cwd.mkdir()
    netlog = tmp_path / "net.log"
    site = write_sitecustomize(tmp_path / "site")
    env = child_env(corpus, tmp, PYTHONPATH=f"{site}{os.pathsep}{ROOT}", SPCNCL_NETGUARD_LOG=str(netlog),
                    SPCNCL_NETGUARD_LOOPBACK="1", DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    spcncl = Path(sys.executable).with_name("spcncl")
    command = [str(spcncl)] if spcncl.exists() else [sys.executable, "-m", "spcncl"]
    done = subprocess.run([*command, "run", str(corpus.inbox), "--out", str(out), "--round", "2026"], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=BATCH_SECONDS + 120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    check_outcomes(corpus, out, contract_schema)
    logged = attempts(netlog)
    assert all(a["allowed"] for a in logged), [a for a in logged if not a["allowed"]][:5]
    assert all("127.0.0.1" in a["detail"] or "localhost" in a["detail"] or "::1" in a["detail"] for a in logged)
    token = corpus.token.encode()
    assert not any(token in p.read_bytes() for p in out.rglob("*") if p.is_file() and not p.is_symlink())
    assert not hang_leftovers()
