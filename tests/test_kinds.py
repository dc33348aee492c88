"""Document kinds recognised from content as other hands write them: letters' subject lines,
other titles of the same paper, titles broken by OCR, look-alikes that are not evidence."""

from __future__ import annotations

import pytest

from extractors.kinds import score_page

HEADER = ("CỤC THUẾ THÀNH PHỐ HÀ NỘI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
          "\tĐộc lập - Tự do - Hạnh phúc\n")

CASES = {
    # a tax office's letter: its subject wraps under the number while the date stands beside it
    "tax letter, subject wrapped beside the date": (
        HEADER + "Số: 7958/HAN-QLN\n"
        "V/v xác nhận tình hình\tHà Nội, ngày 01 tháng 8 năm 2026\nthực hiện nghĩa vụ\nthuế\n"
        "Kính gửi: Công ty Cổ phần Gạch Xanh\nMã số thuế: 0106727317\n"
        "Căn cứ dữ liệu quản lý thuế, đơn vị đã kê khai, nộp đầy đủ các khoản thuế; không còn nợ tiền thuế.\n",
        "tax_compliance"),
    # another real title of the same paper: a notice that obligations are fulfilled
    "tax notice (thông báo) instead of a confirmation": (
        HEADER + "Số: 1234/TB-CT\nTHÔNG BÁO\nVề việc hoàn thành nghĩa vụ nộp ngân sách nhà nước\n"
        "Kính gửi: Công ty TNHH Cơ khí Đông Anh\nCục Thuế thông báo người nộp thuế đã nộp đủ.\n",
        "tax_compliance"),
    # the firm's own cover letter names the round in its subject: it is not the registration form
    "firm's cover letter about registering": (
        "CÔNG TY CỔ PHẦN CƠ KHÍ ĐÔNG ANH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 45/CV-ĐA\tĐộc lập - Tự do - Hạnh phúc\n"
        "V/v đăng ký tham gia xét chọn sản phẩm\tHà Nội, ngày 02 tháng 9 năm 2026\ncông nghiệp chủ lực năm 2026\n"
        "Kính gửi: Sở Công Thương Hà Nội\nCông ty gửi kèm hồ sơ gồm phiếu đăng ký, báo cáo tài chính.\n"
        "Mã số thuế: 0101234567. Tên sản phẩm: Máy biến áp.\n",
        "other"),
    "dossier checklist": (
        "DANH MỤC HỒ SƠ ĐĂNG KÝ XÉT CHỌN\n1. Phiếu đăng ký tham gia xét chọn\n2. Báo cáo tài chính 2024, 2025\n"
        "3. Giấy chứng nhận ISO 14001\n4. Bản cam kết\n",
        "other"),
    "branch registration certificate": (
        "SỞ KẾ HOẠCH VÀ ĐẦU TƯ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG ĐĂNG KÝ KINH DOANH\n"
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ HOẠT ĐỘNG CHI NHÁNH\nMã số chi nhánh: 0108663443-001\n"
        "Đăng ký lần đầu: ngày 28 tháng 9 năm 2015\n",
        "business_registration"),
    # a phone photo: the title broken over lines and inside a word, a generic "giấy chứng nhận" in front
    "registration certificate photographed, title broken": (
        "SỞ KẾ HOẠCH VÀ ĐẦU\nTƯ\tCỘNG HÒA XÃ\nPHÒNG ĐĂN. G KÝ KINH DOANH\tĐộc lập - Tự do - Hạnh phúc\n"
        "GIẤY CHỨNG\nNHẬN ĐĂNG KÝ DOAN H NGHIỆP\nCÔNG TY CỔ PHẦN\nMã số doanh\nnghiệp: 0104162100\n"
        "Đăng ký lần đầu: ngày 12 tháng 8 năm 2009\nVốn điều lệ: 12.000.000.000 đồng\n",
        "business_registration"),
    # two kinds' titles overlap on one line: the longer phrase names it
    "statement notes titled 'bản thuyết minh báo cáo tài chính'": (
        "CÔNG TY CỔ PHẦN AN BÌNH\tBáo cáo tài chính\nBẢN THUYẾT MINH BÁO CÁO TÀI CHÍNH\tMẫu số B 09 - DN\n"
        "Số liệu so sánh\n",
        "financial_statement"),
    "import customs declaration": (
        "<IMP>\nTờ khai hàng hóa nhập khẩu (thông quan)\nSố tờ khai\t107762119250\nNgười nhập khẩu\n"
        "Người xuất khẩu\nTổng trị giá hóa đơn\tA - CIF - USD -\t13.747,01\nSố tờ khai hải quan\n",
        "other"),
    "export customs declaration": (
        "<EXP>\nTờ khai hàng hóa xuất khẩu (thông quan)\nSố tờ khai\t308069766600\nNgười xuất khẩu\n"
        "Người nhập khẩu\nTổng trị giá hóa đơn\tA - FOB - USD -\t52.310,00\n",
        "export_evidence"),
    "environmental decision with its subject": (
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHÀNH PHỐ HÀ NỘI\nQUYẾT ĐỊNH\n"
        "Về việc phê duyệt báo cáo đánh giá tác động môi trường của Dự án Nhà máy\n",
        "environmental_compliance"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_kind_recognised_as_other_hands_write_it(name):
    text, kind = CASES[name]
    assert score_page(text).kind == kind


def test_subject_line_is_not_a_title_of_the_registration_form():
    """A letter "V/v đăng ký tham gia xét chọn" once scored as the form's title (the firm was
    then asked again for a form it had sent, or its cover letter read as the form)."""
    text = CASES["firm's cover letter about registering"][0]
    verdict = score_page(text)
    assert verdict.kind == "other" and verdict.title and verdict.title.startswith("V/v")
