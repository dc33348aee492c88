"""An Excel file typed in TCVN3 (.VnTime): short cells are converted by their own font."""

import openpyxl
from openpyxl.styles import Font

from extractors.xlsx_reader import read_xlsx


def test_tcvn3_cells_read_as_unicode(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for ref, text in (("A1", "M· sè"), ("B1", "N¨m nay"), ("C1", "Tæng céng")):
        sheet[ref] = text
        sheet[ref].font = Font(name=".VnTime")
    sheet["A2"] = "Mã số thuế"  # a Unicode cell beside them stays as it is
    sheet["B2"] = 1234567
    path = tmp_path / "bang ke.xlsx"
    book.save(path)
    page = read_xlsx(path, path.name).pages[0]
    assert page.tables[0][0] == ["Mã số", "Năm nay", "Tổng cộng"]
    assert page.tables[0][1] == ["Mã số thuế", "1234567"]
