"""``report.docx``: the round's summary report for the secretariat's leadership.

Counts of dossiers and firms by status and by industry group, revenue and export totals in
words ("11,6 nghìn tỷ đồng", "158,9 triệu USD"), the letters drafted (spcncl drafts, the
secretariat signs and sends), the ranked list of proposed products with the Top 10 — the list
published for ten days' comment; only proposed products are ever in it — and the reviewers'
corrections; an annex lists every dossier not proposed with its reasons. Firm names are written in
capitals throughout. Same administrative format as the letters. Built from ``summary.json``'s
figures, so the two agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.shared import Pt

from extractors import vnformat
from pipeline.models import DossierRecord
from pipeline.rubric import Round, Rubric
from pipeline.writers.admin_doc import CENTER, JUSTIFY, grid_table, heading, new_document, para, signature
from pipeline.writers.atomic import save_atomic
from pipeline.writers.labels import firm_name
from pipeline.writers.secretariat import Secretariat, load_secretariat

REPORT = "report.docx"
STATUS_ROWS = (
    ("complete", "Hồ sơ đầy đủ, đạt điều kiện"),
    ("incomplete", "Hồ sơ thiếu, phải bổ sung"),
    ("ineligible", "Không đáp ứng điều kiện tiên quyết"),
    ("error", "Không đọc được hồ sơ"),
)


def write_report(summary: dict, records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path,
                 today: dt.date | None = None, secretariat: Secretariat | None = None) -> Path:
    """Write the report; returns its path."""
    sec = secretariat or load_secretariat()
    today = today or dt.date.today()
    document = new_document(f"Báo cáo kết quả rà soát hồ sơ năm {rnd.year}", sec.body_name)
    heading(document, sec, sec.report_symbol, "", today)
    para(document, "BÁO CÁO", 14, bold=True, align=CENTER, after=0).paragraph_format.space_before = Pt(18)
    para(document, f"Kết quả rà soát, chấm điểm hồ sơ đăng ký {sec.programme} năm {rnd.year}", 14, bold=True,
         align=CENTER, after=18)
    counts = summary["dossiers"]["by_status"]
    firms = summary["firms"]
    revenue, export = summary["product_revenue_vnd"], summary["export_usd"]
    para(document, "I. TÌNH HÌNH TIẾP NHẬN HỒ SƠ", bold=True)
    para(document, f"{sec.body_name} đã tiếp nhận {summary['dossiers']['total']} hồ sơ đăng ký (mỗi hồ sơ một sản "
                   f"phẩm) của {firms['total']} doanh nghiệp; hạn nộp hồ sơ ngày {vnformat.date(rnd.deadline)}. "
                   f"Tổng doanh thu năm {revenue['year']} của các sản phẩm đăng ký đạt {revenue['registered_words']}; "
                   f"kim ngạch xuất khẩu đạt {export['registered_words']}.", align=JUSTIFY, indent=1.27)
    grid_table(document, ["Kết quả rà soát", "Số hồ sơ", "Số doanh nghiệp"],
               [[label, str(counts[key]), str(firms["by_status"][key])] for key, label in STATUS_ROWS]
               + [["Tổng cộng", str(summary["dossiers"]["total"]), str(firms["total"])]],
               [9.5, 3.0, 3.5], centred=(1, 2))
    para(document, f"Đã lập dự thảo {summary['letters']} văn bản đề nghị doanh nghiệp bổ sung hồ sơ hoặc thông báo "
                   "hồ sơ không đáp ứng điều kiện (mỗi văn bản nêu từng nội dung cần bổ sung và thời hạn), trình ký "
                   "trước khi gửi doanh nghiệp.", align=JUSTIFY, indent=1.27).paragraph_format.space_before = Pt(6)
    if summary["by_industry_group"]:
        para(document, "Theo nhóm ngành:", align=JUSTIFY, indent=1.27)
        grid_table(document, ["Nhóm ngành", "Đăng ký", "Đề xuất"],
                   [[g["name"], str(g["registered"]), str(g["proposed"])] for g in summary["by_industry_group"]],
                   [9.5, 3.0, 3.5], centred=(1, 2))
    ranked(document, summary, rubric, rnd, sec)
    corrections(document, summary)
    para(document, "", after=6)
    signature(document, sec, sec.report_recipients)
    annex(document, summary, sec)
    target = out / REPORT
    save_atomic(target, lambda temp: document.save(str(temp)))
    return target


def ranked(document, summary: dict, rubric: Rubric, rnd: Round, sec: Secretariat) -> None:  # type: ignore[no-untyped-def]
    """Part II: the proposed products ranked, the Top N marked; part III: the public comment (both from
    the rubric's pass rule)."""
    top = rubric.pass_rule.ranking_top
    proposed, revenue, export = summary["proposed"], summary["product_revenue_vnd"], summary["export_usd"]
    rule = rubric.pass_rule
    sign = "từ" if rule.inclusive else "trên"
    para(document, "II. KẾT QUẢ CHẤM ĐIỂM", bold=True).paragraph_format.space_before = Pt(12)
    para(document, f"Có {proposed['products']} sản phẩm của {proposed['firms']} doanh nghiệp đáp ứng mọi điều kiện "
                   f"và đạt tổng điểm {sign} {vnformat.decimal(rule.min_total)} điểm, được đề xuất Hội đồng xem xét "
                   "công "
                   f"nhận; doanh thu năm {revenue['year']} của các sản phẩm này đạt {revenue['proposed_words']}, "
                   f"kim ngạch xuất khẩu {export['proposed_words']}. {top_sentence(summary['ranking'], top)}",
         align=JUSTIFY, indent=1.27)
    groups = {g.code: g.name for g in rubric.industry_groups}
    rows = []
    for item in summary["ranking"]:
        rows.append([f"{item['rank']}{' (=)' if item['tied'] else ''}", item["product"] or "—",
                     firm_name(item["firm"]) or "—", groups.get(item["industry_group"] or "", "—"),
                     vnformat.decimal(item["total"]) + (" (*)" if item.get("borderline") else ""),
                     "Có" if item["top10"] else ""])
    if rows:
        grid_table(document, ["Hạng", "Sản phẩm", "Doanh nghiệp", "Nhóm ngành", "Điểm", f"Top {top}"], rows,
                   [1.4, 4.9, 4.6, 2.8, 1.4, 1.4], size=12, centred=(0, 4, 5))
        if any(item["tied"] for item in summary["ranking"]):
            para(document, "(=) đồng hạng: các sản phẩm có cùng tổng điểm.", 12, italic=True, indent=1.27)
        if any(item.get("borderline") for item in summary["ranking"]):
            para(document, f"(*) sát ngưỡng: tổng điểm cách ngưỡng đề xuất không quá "
                           f"{vnformat.decimal(rule.borderline_margin)} điểm; đề nghị Hội đồng lưu ý khi chấm.",
                 12, italic=True, indent=1.27)
    else:
        para(document, "Chưa có sản phẩm nào được đề xuất.", italic=True, indent=1.27)
    para(document, "III. CÔNG KHAI LẤY Ý KIẾN", bold=True).paragraph_format.space_before = Pt(12)
    para(document, f"Danh sách sản phẩm đề xuất tại mục II được đăng tải trên {sec.portal} trong thời hạn "
                   f"{rule.comment_days} ngày để "
                   "lấy ý kiến của tổ chức, cá nhân; ý kiến giải trình được tổng hợp trình Hội đồng trước khi trình "
                   f"{sec.deciding_body} quyết định công nhận sản phẩm năm {rnd.year}.",
         align=JUSTIFY, indent=1.27)


def corrections(document, summary: dict) -> None:  # type: ignore[no-untyped-def]
    """Part IV: how much of the result rests on reviewers' corrections and council points."""
    reviews = summary["reviews"]
    if not reviews["entries"]:
        return
    para(document, "IV. THẨM ĐỊNH, CHẤM ĐIỂM CỦA HỘI ĐỒNG", bold=True).paragraph_format.space_before = Pt(12)
    para(document, f"Người thẩm định đang sửa {reviews['values_in_force']} số liệu và điều chỉnh "
                   f"{reviews['points_in_force']} điểm; Hội đồng đã chấm {reviews['manual_points']} tiêu chí chấm tay "
                   f"({reviews['entries']} lượt nhập, lưu đầy đủ người nhập, thời điểm, lý do tại trang «Nhật ký sửa» "
                   "của phiếu thẩm định).", align=JUSTIFY, indent=1.27)


def top_sentence(items: list[dict], top: int) -> str:
    """What the Top N is, said of the proposed products only: all of them when fewer than N are
    proposed, the N best otherwise (more when several share the last place)."""
    if not items:
        return f"Chưa có sản phẩm nào được đề xuất nên chưa có danh sách Top {top}."
    leading = sum(item["top10"] for item in items)
    if len(items) <= top:
        return (f"Danh sách xếp theo tổng điểm; Top {top} chỉ gồm sản phẩm được đề xuất, nên gồm cả "
                f"{len(items)} sản phẩm dưới đây:")
    tie = f" (kể cả đồng hạng thứ {top})" if leading > top else ""
    return f"Danh sách xếp theo tổng điểm; {leading} sản phẩm dẫn đầu{tie} là Top {top}:"


ANNEX_STATUS = {"complete": "Đủ hồ sơ, chưa đạt ngưỡng", "incomplete": "Thiếu hồ sơ",
                "ineligible": "Không đủ điều kiện", "error": "Không đọc được"}


def annex(document, summary: dict, sec: Secretariat) -> None:  # type: ignore[no-untyped-def]
    """The annex: every dossier not proposed (ineligible, incomplete, unreadable, under the mark) and why."""
    left = summary.get("not_proposed") or []
    if not left:
        return
    document.add_page_break()
    para(document, "Phụ lục", 14, bold=True, align=CENTER, after=0)
    para(document, "DANH SÁCH HỒ SƠ KHÔNG ĐƯỢC ĐỀ XUẤT", 14, bold=True, align=CENTER, after=0)
    para(document, f"(Kèm theo Báo cáo số      /{sec.report_symbol})", 13, italic=True, align=CENTER, after=12)
    rows = [[str(number), item["dossier_id"],
             "\n".join(x for x in (item["product"] or "—", firm_name(item["firm"]) or "") if x),
             ANNEX_STATUS.get(item["status"], item["status"]), "\n".join(item["reasons"]) or "—"]
            for number, item in enumerate(left, start=1)]
    grid_table(document, ["STT", "Mã hồ sơ", "Sản phẩm, doanh nghiệp", "Kết quả", "Lý do"], rows,
               [1.0, 2.5, 5.0, 2.6, 5.4], size=11, centred=(0, 1))
