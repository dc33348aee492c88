"""Only the income statement's own table feeds the lines; units, periods and arithmetic decide trust.

Statements of our own: a report bundling cover, balance sheet, income statement, cash flows and
notes; statements in millions; quarterly statements; a statement whose arithmetic does not hold.
"""

from __future__ import annotations

from extractors.extract import extract_facts
from extractors.registry import read_document
from tests.statement_docs import (
    CURRENT,
    LAST_YEAR,
    PREVIOUS,
    THIS_YEAR,
    Layout,
    complete,
    statement_pdf,
    statement_text,
    text_document,
)
from tests.test_statement_layouts import REVENUE, values

COVER = ["CÔNG TY CỔ PHẦN CƠ KHÍ MINH HÒA", "BÁO CÁO TÀI CHÍNH",
         "cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025", "(đã được kiểm toán)"]
BALANCE = ["CÔNG TY CỔ PHẦN CƠ KHÍ MINH HÒA", "BẢNG CÂN ĐỐI KẾ TOÁN", "Tại ngày 31 tháng 12 năm 2025",
           "Đơn vị tính: đồng", "TÀI SẢN\tMã số\tSố cuối năm\tSố đầu năm",
           "A. TÀI SẢN NGẮN HẠN\t100\t512.004.118.205\t488.310.442.019",
           "I. Tiền và các khoản tương đương tiền\t110\t88.118.442.006\t70.226.991.300",
           "TỔNG CỘNG TÀI SẢN (270 = 100 + 200)\t270\t901.226.447.118\t850.114.009.227"]
CASHFLOW = ["BÁO CÁO LƯU CHUYỂN TIỀN TỆ", "(Theo phương pháp gián tiếp)", "Năm 2025",
            "Chỉ tiêu\tMã số\tNăm nay\tNăm trước",
            "1. Lợi nhuận trước thuế\t01\t96.118.227.004\t80.004.337.912",
            "Khấu hao TSCĐ\t02\t12.009.118.442\t11.447.228.003",
            "Lưu chuyển tiền thuần từ hoạt động kinh doanh\t20\t40.228.119.447\t35.112.008.119"]
NOTES = ["THUYẾT MINH BÁO CÁO TÀI CHÍNH (trích)",
         "VI. Thông tin bổ sung cho các khoản mục trình bày trong Báo cáo kết quả hoạt động kinh doanh",
         "25. Doanh thu bán hàng và cung cấp dịch vụ", "Năm nay\tNăm trước",
         "a) Doanh thu bán thành phẩm\t700.110.337.410\t650.448.902.115",
         "b) Doanh thu bán hàng hóa\t145.010.000.000\t110.000.000.000",
         "Cộng\t845.120.337.410\t760.448.902.115",
         "Doanh thu thuần về bán hàng\t99.000.000.000\t88.000.000.000"]


def test_bundled_report_reads_the_income_statement_only(tmp_path):
    path = tmp_path / "bctc_2025.pdf"
    path.write_bytes(statement_pdf(Layout(), pages_before=[COVER, BALANCE], pages_after=[CASHFLOW, NOTES]))
    facts = extract_facts(read_document(path, path.name))
    revenue = [c for d in facts for c in d.candidates if c.field.startswith(REVENUE)]
    assert {(c.field, c.value) for c in revenue} == {(f"{REVENUE}.2025", THIS_YEAR["10"]),
                                                     (f"{REVENUE}.2024", LAST_YEAR["10"])}
    assert all(c.evidence[0].page == 3 for c in revenue)  # the income statement's page, not the notes'
    lines = {c.field: c.value for d in facts for c in d.candidates if c.field.startswith("statement.")}
    assert lines["statement.line_01.current"] == THIS_YEAR["01"]


def test_notes_alone_give_no_revenue():
    # a notes page whose lines name revenue ("Doanh thu thuần …") is not an income statement
    facts = extract_facts(text_document("\n".join(COVER), "\n".join(NOTES)))
    assert not [c for d in facts for c in d.candidates if c.field.startswith(("figures.", "statement.line"))]


def test_statement_continued_after_a_balance_sheet_on_the_same_page():
    page = "\n".join(BALANCE) + "\n" + statement_text(Layout())
    got = values(extract_facts(text_document(page)))
    assert got[f"{REVENUE}.2025"] == (THIS_YEAR["10"], 0.95)


def test_units_per_statement():
    for unit, scale in (("Đơn vị tính: triệu đồng", 10**6), ("Đơn vị: Triệu VND", 10**6), ("Unit: VND", 1),
                        ("Đơn vị tính: nghìn đồng", 10**3), ("In millions of VND", 10**6)):
        values_in_unit = tuple(complete({k: v // scale * scale for k, v in year.items()})
                               for year in (CURRENT, PREVIOUS))
        layout = Layout(unit=unit, scale=scale, values=values_in_unit)
        got = values(extract_facts(text_document(statement_text(layout))))
        assert got[f"{REVENUE}.2025"] == (values_in_unit[0]["10"], 0.95), unit
        assert got[f"{REVENUE}.2024"] == (values_in_unit[1]["10"], 0.95), unit


def test_rounding_in_millions_is_not_an_arithmetic_error():
    # each line rounded to the million on its own: 01 − 02 may miss 10 by one unit
    rounded = tuple({k: round(v / 10**6) * 10**6 for k, v in year.items()} for year in (THIS_YEAR, LAST_YEAR))
    rounded[0]["02"] += 10**6  # 845.120 − 3.206 = 841.914 printed as 841.915
    rounded[1]["11"] -= 10**6  # and 10 − 11 misses 20 by one in the other column
    layout = Layout(unit="Đơn vị tính: triệu đồng", scale=10**6, values=rounded)
    got = values(extract_facts(text_document(statement_text(layout))))
    assert got[f"{REVENUE}.2025"] == (rounded[0]["10"], 0.95)
    assert got[f"{REVENUE}.2024"] == (rounded[1]["10"], 0.95)
    assert got["statement.line_01.current"] == (rounded[0]["01"], 0.95)  # not "repaired" by a rounding


def test_a_guessed_unit_is_doubtful():
    got = values(extract_facts(text_document(statement_text(Layout(unit=None)))))
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"]
    assert got[f"{REVENUE}.2025"][1] < 0.8


def test_small_amounts_in_millions_are_not_taken_for_codes():
    # "02  88  262" in triệu đồng: two amounts after the code
    small = ({**THIS_YEAR, "02": 88_000_000}, {**LAST_YEAR, "02": 262_000_000})
    small = tuple({**v, "10": v["01"] // 10**6 * 10**6 - v["02"]} for v in small)
    layout = Layout(unit="Đơn vị tính: triệu đồng", scale=10**6,
                    values=tuple({k: v // 10**6 * 10**6 for k, v in year.items()} for year in small))
    got = values(extract_facts(text_document(statement_text(layout))))
    assert got["statement.line_02.current"][0] == 88_000_000
    assert got["statement.line_02.previous"][0] == 262_000_000


def test_arithmetic_that_does_not_hold_makes_line_10_doubtful():
    # line 10 printed with a typo in both columns' sums: neither identity confirms it
    wrong = ({**THIS_YEAR, "10": THIS_YEAR["10"] + 7_123_456_789}, LAST_YEAR)
    facts = extract_facts(text_document(statement_text(Layout(values=wrong))))
    got = values(facts)
    assert got[f"{REVENUE}.2025"][1] < 0.8
    assert "statement_arithmetic" in [f.code for d in facts for f in d.findings]
    assert got[f"{REVENUE}.2024"] == (LAST_YEAR["10"], 0.95)


def test_one_misread_digit_in_line_01_is_repaired_not_moved_into_line_10():
    # OCR read 01 with one digit wrong; 10 = 20 + 11 confirms line 10 as read, so line 01 is the
    # one repaired (01 = 10 + 02), and line 10 is not "repaired" by 01 − 02
    misread = dict(LAST_YEAR)
    page = statement_text(Layout()).replace(f"{LAST_YEAR['01']:,}".replace(",", "."),
                                            f"{LAST_YEAR['01'] + 30_000_000_000:,}".replace(",", "."))
    got = values(extract_facts(text_document(page, source="ocr")))
    assert got[f"{REVENUE}.2024"][0] == misread["10"]
    assert got["statement.line_01.previous"][0] == LAST_YEAR["01"]


def test_quarterly_statement_keeps_its_lines_but_gives_no_yearly_revenue():
    layout = Layout(period="Cho giai đoạn ba tháng kết thúc ngày 31 tháng 3 năm 2026",
                    headings=("31/3/2026", "31/3/2025"), title="BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH GIỮA NIÊN ĐỘ")
    facts = extract_facts(text_document(statement_text(layout)))
    got = values(facts)
    assert got["statement.line_10.current"][0] == THIS_YEAR["10"]
    assert got["statement.line_10.previous"][0] == LAST_YEAR["10"]
    assert not [k for k in got if k.startswith("figures.")]
    assert "statement_interim" in [f.code for d in facts for f in d.findings]


def test_quarter_named_in_the_headings_is_interim():
    layout = Layout(period="Quý 1 năm 2026", headings=("Quý 1 năm 2026", "Quý 1 năm 2025"))
    got = values(extract_facts(text_document(statement_text(layout))))
    assert got["statement.line_10.current"][0] == THIS_YEAR["10"]
    assert not [k for k in got if k.startswith("figures.")]


def test_two_statements_in_one_file_each_give_their_year():
    older = Layout(period="Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2024", values=(LAST_YEAR, LAST_YEAR))
    facts = extract_facts(text_document(statement_text(Layout()), statement_text(older)))
    years = {(c.field, c.value) for d in facts for c in d.candidates if c.field.startswith(REVENUE)}
    assert (f"{REVENUE}.2025", THIS_YEAR["10"]) in years
    assert (f"{REVENUE}.2024", LAST_YEAR["10"]) in years
    assert (f"{REVENUE}.2023", LAST_YEAR["10"]) in years


def test_untitled_tables_keep_only_rows_whose_code_and_label_agree():
    # no income-statement title anywhere (OCR lost it): a cash-flow table's "01 Lợi nhuận trước
    # thuế" is not line 01, while the statement's own rows still are
    garbled = statement_text(Layout(title="BÁO CÁO KÊ QỦA HOẠ ĐỘG KIH DOAH"))
    got = values(extract_facts(text_document("\n".join(CASHFLOW[3:]), garbled)))
    assert got["statement.line_01.current"][0] == THIS_YEAR["01"]
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"]
