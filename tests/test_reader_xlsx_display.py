"""An Excel file reads as Excel displays it: visible sheets, rows and columns only, values through
their number formats, formula results even where the file holds none, merged cells once."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

from extractors.xlsx_reader import read_xlsx


def save(workbook: openpyxl.Workbook, path: Path) -> Path:
    workbook.save(str(path))
    return path


def pages(path: Path) -> dict[str, list[str]]:
    return {p.label or "": p.text.split("\n") for p in read_xlsx(path, "hs/x.xlsx").pages}


def test_hidden_and_very_hidden_sheets_are_not_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "BCKQKD"
    workbook.active.append(["Doanh thu thuần", 379097804138])
    draft = workbook.create_sheet("Nháp")
    draft.append(["Doanh thu thuần", 1])
    draft.sheet_state = "hidden"
    secret = workbook.create_sheet("Cấu hình")
    secret.append(["Doanh thu thuần", 2])
    secret.sheet_state = "veryHidden"
    document = read_xlsx(save(workbook, tmp_path / "h.xlsx"), "hs/h.xlsx")
    assert [p.label for p in document.pages] == ["BCKQKD"]
    assert document.pages[0].text == "Doanh thu thuần\t379097804138"
    assert any("Nháp" in w for w in document.warnings)


def test_sheets_read_in_tab_order(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Bìa"
    workbook.create_sheet("BCĐKT").append(["Tổng tài sản", 5])
    workbook.create_sheet("BCKQKD", 1).append(["Doanh thu", 7])
    assert list(pages(save(workbook, tmp_path / "o.xlsx"))) == ["Bìa", "BCKQKD", "BCĐKT"]


def test_hidden_rows_and_columns_are_not_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Chỉ tiêu", "Ghi chú nội bộ", "Năm 2025"])
    sheet.append(["Doanh thu thuần", "ước tính", 1250])
    sheet.append(["Doanh thu thuần (bản cũ)", "", 990])
    sheet.append(["Lợi nhuận sau thuế", "", 85])
    sheet.column_dimensions["B"].hidden = True
    sheet.row_dimensions[3].hidden = True
    assert pages(save(workbook, tmp_path / "r.xlsx"))["Sheet"] == [
        "Chỉ tiêu\tNăm 2025", "Doanh thu thuần\t1250", "Lợi nhuận sau thuế\t85"]


def test_values_read_through_their_number_formats(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    rows = [
        ("Tỷ lệ xuất khẩu", 0.1525, "0.00%"),
        ("Doanh thu (triệu đồng)", 1352.8456, "#,##0.00"),
        ("Lỗ khác", -79350004, "#,##0;(#,##0);\"-\""),
        ("Giảm trừ", 0, "#,##0;(#,##0);\"-\""),
        ("Mã HS", 901, "0000"),
        ("Ẩn theo định dạng", 123, ";;;"),
        ("Ngày cấp", dt.datetime(2025, 3, 14), "mm/dd/yyyy"),
        ("Kỳ", dt.datetime(2025, 7, 1), "mm/yyyy"),
        ("Số lượng", 0.1 + 0.2, "General"),
        ("Mã số thuế (văn bản)", "0101234567", "@"),
        ("Doanh thu dạng chữ", "1,234,567,890", "General"),
    ]
    for label, value, fmt in rows:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=2).number_format = fmt
    assert pages(save(workbook, tmp_path / "f.xlsx"))["Sheet"] == [
        "Tỷ lệ xuất khẩu\t15.25%",
        "Doanh thu (triệu đồng)\t1352.85",
        "Lỗ khác\t(79350004)",
        "Giảm trừ\t-",
        "Mã HS\t0901",
        "Ẩn theo định dạng",
        "Ngày cấp\t14/03/2025",
        "Kỳ\t07/2025",
        "Số lượng\t0.3",
        "Mã số thuế (văn bản)\t0101234567",
        "Doanh thu dạng chữ\t1,234,567,890",
    ]


def test_formula_cells_without_cached_results_are_computed(tmp_path: Path) -> None:
    """openpyxl (like many tools) writes formulas and never calculates them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "XK"
    sheet.append(["Năm", "Kim ngạch (USD)"])
    sheet.append([2024, 1200000])
    sheet.append([2025, 1350000.5])
    sheet.append(["Tổng", "=SUM(B2:B3)"])
    sheet.append(["Tăng", "=ROUND((B3-B2)/B2*100,1)&\"%\""])
    other = workbook.create_sheet("Tóm tắt")
    other.append(["Tổng kim ngạch", "='XK'!B4*2"])
    other.append(["Không tính được", "=VLOOKUP(1,XK!A1:B3,2,FALSE)"])
    document = read_xlsx(save(workbook, tmp_path / "c.xlsx"), "hs/c.xlsx")
    by_label = {p.label: p.text.split("\n") for p in document.pages}
    assert by_label["XK"][3:] == ["Tổng\t2550000.5", "Tăng\t12.5%"]
    assert by_label["Tóm tắt"] == ["Tổng kim ngạch\t5100001", "Không tính được"]
    assert any("Tóm tắt!B2" in w for w in document.warnings)


def test_workbook_asking_for_recalculation_shows_computed_not_placeholder_results(tmp_path: Path) -> None:
    """Some writers store 0 as every formula's result and ask Excel to recompute on opening."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Doanh thu", 100])
    sheet.append(["Giá vốn", 40])
    sheet.append(["Lợi nhuận gộp", "=B1-B2"])
    path = save(workbook, tmp_path / "zero.xlsx")
    with zipfile.ZipFile(path) as source:
        items = {n: source.read(n) for n in source.namelist()}
    xml = items["xl/worksheets/sheet1.xml"].decode()
    items["xl/worksheets/sheet1.xml"] = re.sub(r"<v\s*/>|<v></v>", "<v>0</v>", xml).encode()
    assert "<v>0</v>" in items["xl/worksheets/sheet1.xml"].decode()
    assert b'fullCalcOnLoad="1"' in items["xl/workbook.xml"]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in items.items():
            target.writestr(name, data)
    assert pages(path)["Sheet"][2] == "Lợi nhuận gộp\t60"


def test_merged_cell_value_read_once_and_line_breaks_inside_cells_kept_on_one_line(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["BẢNG KÊ TỜ KHAI XUẤT KHẨU"])
    sheet.merge_cells("A1:C1")
    sheet.append(["Số tờ khai", "Ngày\nđăng ký", "Trị giá\n(USD)"])
    sheet["B2"].alignment = Alignment(wrap_text=True)
    sheet.append(["305123456789", "12/03/2025", 15000])
    assert pages(save(workbook, tmp_path / "m.xlsx"))["Sheet"] == [
        "BẢNG KÊ TỜ KHAI XUẤT KHẨU", "Số tờ khai\tNgày đăng ký\tTrị giá (USD)", "305123456789\t12/03/2025\t15000"]
