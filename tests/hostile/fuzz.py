"""A longer fuzz of the readers' entry points and the parsers than the test suite runs.

With atheris (``pip install atheris``; coverage-guided, libFuzzer options pass through)::

    python -m tests.hostile.fuzz pdf -atheris_runs=200000 -max_len=300000 -timeout=60 fuzz-pdf/

Without atheris, the same targets run under a plain random-mutation loop::

    python -m tests.hostile.fuzz pdf --iterations 20000 [--seed 1] [--save crashes/]

Targets: ``pdf``, ``docx``, ``xlsx``, ``image``, ``zip`` (an archive through ``discover``),
``numbers`` and ``dates`` (text through the parsers). A finding is any exception other than
``DocumentLoadError``; the loop saves each failing input under ``--save``.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from extractors.dates import find_dates
from extractors.errors import DocumentLoadError
from extractors.fields.common import find_tax_codes
from extractors.registry import read_document
from extractors.vnnum import detect_convention, parse_amount, parse_number
from pipeline.inbox import discover
from tests.hostile import builders as b
from tests.hostile.corpus import picture, valid_docx, valid_pdf

WORK = Path(tempfile.mkdtemp(prefix="spcncl-fuzz-"))


def seeds() -> dict[str, list[bytes]]:
    """Starting inputs per target."""
    sheet = b.xlsx_with_rows([b.inline_row(1, "Doanh thu", "2024"), b.inline_row(2, "1.234.567", "x")], macros=True)
    return {
        "pdf": [valid_pdf(), b.simple_pdf(["Doanh thu 2024"]), b.many_pages_pdf(3)],
        "docx": [valid_docx()],
        "xlsx": [sheet],
        "image": [picture("GIAY PHEP", size=(120, 40), fmt="PNG"), picture("ISO", size=(60, 30))],
        "zip": [b.zip_bytes([("a/b.docx", valid_docx()), ("c.zip", b.zip_bytes([("d.pdf", b"%PDF-1.4")]))])],
        "numbers": ["Doanh thu: 1.234.567,89 triệu đồng; (2.000) USD; MST 0100109106-001".encode()],
        "dates": ["ngày 01 tháng 02 năm 2024; 31/12/2025; 2026-01-15; March 3, 2024".encode()],
    }


def read_bytes(suffix: str) -> Callable[[bytes], None]:
    """A target that reads the bytes as a file: only ``DocumentLoadError`` may come out."""

    def target(data: bytes) -> None:
        path = WORK / f"input.{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(DocumentLoadError):
            read_document(path, path.name)

    return target


def inbox_target(data: bytes) -> None:
    """The bytes as a dossier zip through ``discover``."""
    inbox = WORK / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / "HS.zip").write_bytes(data)
    for dossier in discover(inbox, WORK / "out" / ".work"):
        for file in dossier.files:
            assert file.path is None or file.path.resolve().is_relative_to((WORK / "out").resolve())


def text_target(data: bytes) -> None:
    """The bytes as text through the number, amount, date and tax-code parsers."""
    text = data.decode("utf-8", "replace")
    detect_convention(text)
    parse_number(text)
    parse_amount(text)
    find_dates(text)
    find_tax_codes(text)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "pdf": read_bytes("pdf"), "docx": read_bytes("docx"), "xlsx": read_bytes("xlsx"), "image": read_bytes("png"),
    "zip": inbox_target, "numbers": text_target, "dates": text_target,
}


INTERESTING = [b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"99999999", b"-1", b"obj", b"<!DOCTYPE", b"stream\n"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random edits: flips, insertions, deletions, a cut, a repeated run."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(max(1, len(out)))
        action = rng.choice(("flip", "insert", "delete", "cut", "repeat", "interesting"))
        if action == "flip" and out:
            out[at] ^= 1 << rng.randrange(8)
        elif action == "insert":
            out[at:at] = rng.randbytes(rng.randint(1, 64))
        elif action == "delete":
            del out[at : at + rng.randint(1, 256)]
        elif action == "cut":
            del out[at:]
        elif action == "repeat":
            out[at:at] = out[at : at + 16] * rng.randint(2, 200)
        else:
            out[at:at] = rng.choice(INTERESTING)
    return bytes(out)


def loop(name: str, iterations: int, seed: int, save: Path | None) -> int:
    """Run the target on mutated seeds; returns the number of findings."""
    rng, target, pool = random.Random(seed), TARGETS[name], seeds()[name]
    findings = 0
    for number in range(iterations):
        data = mutate(rng.choice(pool), rng)
        try:
            target(data)
        except Exception:  # a finding: anything but a typed refusal
            findings += 1
            traceback.print_exc()
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"{name}-{seed}-{number}.bin").write_bytes(data)
        if number % 500 == 0:
            print(f"{name}: {number}/{iterations}, {findings} findings", flush=True)
    print(f"{name}: {iterations} inputs, {findings} findings", flush=True)
    return findings


def main(argv: list[str]) -> int:
    """Entry point: atheris when installed (unless ``--iterations`` is given), else the loop."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--iterations", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path)
    args, rest = parser.parse_known_args(argv)
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        atheris = None
    if atheris is None or args.iterations is not None:
        return 1 if loop(args.target, args.iterations or 5000, args.seed, args.save) else 0
    target = TARGETS[args.target]
    for index, data in enumerate(seeds()[args.target]):  # seed the corpus folder, if one was given
        folders = [Path(a) for a in rest if not a.startswith("-")]
        if folders:
            folders[0].mkdir(parents=True, exist_ok=True)
            (folders[0] / f"seed-{index}").write_bytes(data)
    atheris.Setup([sys.argv[0], *rest], target)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
