"""The ``spcncl`` command. The one place that turns errors into exit codes."""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractors import vnformat
from extractors.errors import EmptyInboxError, InputError, InterruptedRun, SpcnclError
from extractors.settings import Settings
from flows.embedded import route_prefect_logs, stop_embedded_server
from pipeline.evaluate import FAMILIES, evaluate
from pipeline.inbox import is_junk
from pipeline.incremental import STATE_DIR, PassReport, read_report
from pipeline.isolation import abandon_reads, start_readers
from pipeline.progress import RichProgress, listening
from pipeline.review import review_worksheet
from pipeline.round import prepare_output
from pipeline.rubric import Round, Rubric, load_rubric
from pipeline.run import pending_work, run_pass
from pipeline.writers.records import read_records
from spcncl import __version__
from spcncl.interrupt import stop_at_once
from spcncl.language import Command, Group, translate_help, usage_error_text

# Prefect must never reach for the network or a server the user did not start.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")

translate_help()
app = typer.Typer(add_completion=False, no_args_is_help=True, cls=Group,
                  help="spcncl — đọc hồ sơ xét chọn sản phẩm công nghiệp chủ lực.")
console = Console(stderr=True)


def say_stopped(text: str) -> None:
    """The line Ctrl-C leaves on the console."""
    console.print(f"[yellow]{text}[/yellow]", highlight=False)


def show_version(value: bool) -> None:
    """``--version``: print the version and stop."""
    if value:
        Console().print(f"spcncl {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def options(
    version: Annotated[bool, typer.Option("--version", callback=show_version, is_eager=True, metavar="",
                                          help="In phiên bản rồi thoát")] = False,
) -> None:
    """Spcncl — đọc hồ sơ xét chọn sản phẩm công nghiệp chủ lực."""


STATUS_VI = {"complete": "đầy đủ", "incomplete": "thiếu hồ sơ", "ineligible": "không đủ điều kiện", "error": "lỗi"}


def load_round(criteria: str | None, year: int | None) -> tuple[Rubric, Round]:
    """The rubric and the round asked for; a year the rubric has no round for is the --round
    option's fault, said so with the rounds it has (not the rubric's)."""
    rubric = load_rubric(criteria)
    years = sorted(r.year for r in rubric.rounds)
    if year is not None and year not in years:
        known = ", ".join(str(y) for y in years)
        raise InputError(message_vi=f"Tùy chọn --round: bộ tiêu chí «{rubric.source_path}» không "
                         f"có vòng {year}; các vòng có: {known}", message_en=f"No round {year}; rounds: {known}")
    return rubric, rubric.round(year)


def require_dossiers(inbox: Path, out: Path) -> None:
    """Refuse an inbox without a dossier (a sub-folder or a .zip): a run would find nothing to read
    and empty the outputs of the last run. Files lying loose in it are counted in the message."""
    try:
        entries = [e for e in inbox.iterdir() if not e.name.startswith(".") and not is_junk(e.name)
                   and e.resolve() != out.resolve()]
    except OSError as exc:
        raise InputError(f"{inbox}: {exc}", message_vi="Không đọc được thư mục hồ sơ",
                         message_en="Cannot list the inbox") from exc
    if any(e.is_dir() or e.is_symlink() or e.name.lower().endswith(".zip") for e in entries):
        return
    error = EmptyInboxError(str(inbox))
    if entries:
        error.message_vi += (f"; {len(entries)} tệp nằm thẳng trong thư mục: đặt tệp của mỗi hồ sơ vào một thư "
                             "mục con riêng")
    raise error


@app.command(cls=Command)
def run(
    inbox: Annotated[Path, typer.Argument(metavar="INBOX",
                                          help="Thư mục hồ sơ: mỗi hồ sơ một thư mục hoặc một tệp .zip")],
    out: Annotated[Path, typer.Option("--out", metavar="OUT", help="Thư mục kết quả")] = Path("out"),
    round_year: Annotated[int | None, typer.Option("--round", metavar="NĂM",
                                                   help="Năm xét chọn (mặc định: vòng mới nhất)")] = None,
    criteria: Annotated[str | None, typer.Option("--criteria", metavar="TỆP", help="Tệp bộ tiêu chí (YAML)")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", metavar="", help="Đọc lại mọi tệp")] = False,
) -> None:
    """Xử lý mọi hồ sơ trong INBOX qua luồng Prefect và ghi kết quả vào OUT."""
    bars = RichProgress(console)
    stop_at_once(say_stopped, abandon_reads, stop_embedded_server, bars.stop)  # Ctrl-C: see spcncl/interrupt.py
    if not os.environ.get("PREFECT_API_URL"):
        # the embedded server ends with the run and nobody reads its log store: shipping every
        # task's log lines to it cost ~4 s of its CPU per 300 documents (benchmarks/bench_round.py)
        os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
    if not inbox.is_dir():
        raise InputError(str(inbox), message_vi="Không thấy thư mục hồ sơ", message_en="Inbox folder not found")
    rubric, rnd = load_round(criteria, round_year)  # a bad rubric or round fails here, before any work starts
    require_dossiers(inbox, out)  # so does an empty inbox
    prepare_output(out)  # and an output folder that cannot be written: before Prefect starts
    settings = Settings.from_env()
    with bars, listening(bars):
        if no_cache or pending_work(inbox, out, rubric, rnd, settings):
            start_readers(settings)  # they load while Prefect starts
            route_prefect_logs(out / STATE_DIR)  # Prefect's own lines to OUT/.state/prefect.log, not the console
            from flows.round import round_flow  # heavy: Prefect takes ~2 s to import and ~8 s to start

            gc.freeze()  # what is imported lives all run: keep the collector from walking it again and again
            summary = round_flow(inbox=inbox, out=out, year=round_year, criteria=criteria, use_cache=not no_cache)
        else:  # nothing to read, decide or merge: the pass is only the writing, no orchestration to start
            summary = run_pass(inbox, out, rubric, rnd, settings).summary
    show_summary(summary, out, read_report(out))


def show_summary(summary: dict, out: Path, report: object | None = None) -> None:
    """A short table of outcomes, what this pass did, and where the worksheet is."""
    table = Table(title=f"Vòng {summary['round']} — {summary['dossiers']['total']} hồ sơ")
    table.add_column("Trạng thái")
    table.add_column("Hồ sơ", justify="right")
    for status, count in summary["dossiers"]["by_status"].items():
        table.add_row(STATUS_VI[status], str(count))
    table.add_row("đề xuất", str(summary["proposed"]["products"]))
    console.print(table)
    if isinstance(report, PassReport):
        console.print(f"Lượt này: {len(report.processed)} hồ sơ xử lý, {len(report.reused)} không đổi"
                      + (f", {len(report.deferred)} đang chép dở" if report.deferred else "")
                      + f"; {report.documents_read} tài liệu đọc mới, {report.documents_from_store} "
                      "lấy từ bộ nhớ đệm"
                      + (f", {report.documents_failed} lỗi" if report.documents_failed else "")
                      + f"; {vnformat.seconds(report.seconds)}", highlight=False)
    console.print(f"Phiếu thẩm định: {(out / 'worksheet.xlsx').resolve()}")


@app.command(cls=Command)
def extract(file: Annotated[Path, typer.Argument(metavar="TỆP", help="Một tệp tài liệu")]) -> None:
    """In ra (JSON) loại tài liệu, văn bản từng trang, các trường và giá trị chưa qua phép kiểm."""
    from pipeline.extract_report import extract_report  # heavy: the readers (spaCy, pdfium, OCR), only here

    if not file.is_file():
        raise InputError(str(file), message_vi="Không thấy tệp", message_en="File not found")
    stop_at_once(say_stopped)
    report = extract_report(file, Settings.from_env().review_threshold)
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    for check in report.get("checks", []):
        page = f" (trang {check['page']})" if check["page"] else ""
        value = vnformat.integer(check["value"])
        console.print(f"[yellow]Cần kiểm tra[/yellow] {check['field']} = {value}{page}: {check['message']}",
                      highlight=False, soft_wrap=True)


@app.command(cls=Command)
def review(
    worksheet: Annotated[Path, typer.Argument(metavar="PHIẾU|OUT",
                                              help="Phiếu thẩm định đã sửa (worksheet.xlsx trong OUT), hoặc "
                                                   "thư mục OUT với --serve")],
    serve_station: Annotated[bool, typer.Option("--serve", help="Mở trạm thẩm định (trang web) trên thư mục OUT")]
    = False,
    host: Annotated[str, typer.Option("--host", metavar="ĐỊA CHỈ",
                                      help="Địa chỉ lắng nghe; khác 127.0.0.1 thì phải đăng nhập")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="CỔNG", help="Cổng của trạm thẩm định")] = 8765,
    add_reviewer: Annotated[str | None, typer.Option("--add-reviewer", metavar="TÊN",
                                                     help="Thêm (hoặc đổi mật khẩu) tài khoản người thẩm định "
                                                          "của trạm; mật khẩu hỏi khi chạy")] = None,
) -> None:
    """Đọc điểm chấm tay và giá trị sửa của người thẩm định, xét lại hồ sơ và ghi lại kết quả."""
    if serve_station or add_reviewer:
        from station.app import serve  # heavy: the web server, only for the station
        from station.auth import AuthError  # heavy: with the station, as above
        from station.auth import add_reviewer as add_account  # heavy: with the station, as above

        out = worksheet.parent if worksheet.is_file() else worksheet
        if add_reviewer:
            # asked, never an option or a variable (it would stay in the shell's history or the
            # environment); a script can pipe it twice on stdin
            password = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
            try:
                account = add_account(out, add_reviewer, password)
            except AuthError as exc:
                raise InputError(add_reviewer, message_vi=exc.message_vi,
                                 message_en="Cannot add the reviewer") from None
            Console().print(f"Đã lưu tài khoản «{account.name}» cho trạm thẩm định của {out}", highlight=False)
        if serve_station:
            Console().print(f"Trạm thẩm định: http://{host}:{port}/ (Ctrl-C để dừng)", highlight=False)
            serve(out, host, port)
        return
    stop_at_once(say_stopped, abandon_reads)
    summary, out = review_worksheet(worksheet)
    show_summary(summary, out)


@app.command(cls=Command)
def serve(
    inbox: Annotated[Path, typer.Argument(metavar="INBOX", help="Thư mục hồ sơ được theo dõi")],
    out: Annotated[Path, typer.Option("--out", metavar="OUT", help="Thư mục kết quả")] = Path("out"),
    round_year: Annotated[int | None, typer.Option("--round", metavar="NĂM", help="Năm xét chọn")] = None,
    criteria: Annotated[str | None, typer.Option("--criteria", metavar="TỆP", help="Tệp bộ tiêu chí (YAML)")] = None,
    interval: Annotated[int, typer.Option("--interval", metavar="GIÂY", help="Chu kỳ quét (giây)")] = 300,
) -> None:
    """Theo dõi thư mục hồ sơ theo lịch (Prefect deployment) và xử lý hồ sơ mới hoặc đã đổi."""
    from flows.serve import serve_inbox  # heavy: Prefect, as above

    load_round(criteria, round_year)
    serve_inbox(inbox=inbox, out=out, year=round_year, criteria=criteria, interval=interval)


@app.command(name="eval", cls=Command)
def evaluate_command(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="Thư mục kết quả của spcncl run")],
    truth: Annotated[Path, typer.Option("--truth", metavar="THƯ_MỤC", help="Thư mục đáp án")] = Path("samples/truth"),
    show: Annotated[int, typer.Option("--show", metavar="SỐ", help="Số sai lệch in ra (0 = tất cả)")] = 0,
) -> None:
    """So sánh hồ sơ đã xử lý với đáp án: độ chính xác theo nhóm trường và mọi sai lệch."""
    if not (out / "dossiers").is_dir():
        raise InputError(str(out), message_vi="Không thấy kết quả để đánh giá", message_en="No outputs to evaluate")
    report, variants = evaluate(read_records(out), truth, Settings.from_env().review_threshold)
    table = Table(title="Độ chính xác theo nhóm trường")
    table.add_column("Nhóm")
    kinds = sorted(set(variants.values()))
    for name in [*kinds, "tất cả"]:
        table.add_column(name, justify="right")
    families: list[str | None] = [*FAMILIES, None]
    variant_columns: list[str | None] = [*kinds, None]
    for family in families:
        cells = []
        for kind in variant_columns:
            right, total = report.accuracy(family, kind, variants)
            cells.append(f"{right}/{total} = {vnformat.decimal(right / total, 3, keep_zeros=True)}" if total else "—")
        table.add_row(family or "tất cả", *cells)
    Console().print(table)
    calibration = Table(title="Độ tin cậy so với độ đúng (giá trị đã đọc)")
    for name in ("Độ tin cậy", "Số giá trị", "Đúng", "Tỷ lệ đúng"):
        calibration.add_column(name, justify="right")
    for band, count, right in report.calibration():
        share = vnformat.decimal(right / count, 3, keep_zeros=True) if count else "—"
        calibration.add_row(band, str(count), str(right), share)
    Console().print(calibration)
    confident = report.wrong_but_confident
    Console().print(f"Sai nhưng độ tin cậy ≥ {vnformat.decimal(report.threshold, 2)}: {len(confident)}")
    mismatches = report.mismatches if show == 0 else report.mismatches[:show]
    for check in mismatches:
        flag = "!!" if check in confident else "  "
        conf = vnformat.decimal(check.confidence, 2, keep_zeros=True) if check.confidence is not None else "—"
        Console().print(f"{flag} {check.dossier} {check.name}: đúng={check.expected!r} đọc={check.actual!r} "
                        f"tin cậy={conf}", highlight=False)


def main() -> None:
    """Entry point: run the app; map our errors to their exit codes. Every line is Vietnamese: our
    errors print their Vietnamese message (and detail), the parser's are written again."""
    try:
        code = app(standalone_mode=False, prog_name="spcncl")
    except SpcnclError as exc:
        message = f"{exc.message_vi}: {exc.detail}" if exc.detail else exc.message_vi
        console.print(f"[red]{escape(message)}[/red]", highlight=False)  # "[x]" in a message is text
        raise SystemExit(exc.exit_code) from None
    except (typer.Abort, KeyboardInterrupt):
        code = InterruptedRun.exit_code
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except Exception as exc:  # the parser's errors (typer's click) carry an exit code and show()
        if getattr(exc, "exit_code", None) is None or not hasattr(exc, "show"):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # the help itself
        else:
            console.print(usage_error_text(exc), highlight=False, markup=False)
        raise SystemExit(InputError.exit_code) from None
    if code == InterruptedRun.exit_code:  # typer turns Ctrl-C outside our handler into this code
        say_stopped(InterruptedRun.message_vi)
    raise SystemExit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
