"""Document kinds: the same papers under the titles and layouts real offices give them.

Each variant is one paper (a tax office's confirmation, an environmental permit, a business
registration, a cover letter…) as a text PDF, a Word file or a phone photo, and must be given
its kind — or, for papers that only look like evidence, must not be given the kind they mimic.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.variations.facts import FIRM, national_header, signature
from tests.variations.harness import ABSENT, Variant
from tests.variations.render import Block, Cell, Doc, Para, Table

AGENCY_TAX = "CỤC THUẾ THÀNH PHỐ HÀ NỘI"
PLACE_DATE = "Hà Nội, ngày 12 tháng 3 năm 2026"


def letterhead(agency: str, number: str) -> list[Block]:
    """An administrative letterhead: the agency and number on the left, the motto and date on the right."""
    return [Table([[f"{agency}\nSố: {number}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
                   ["", PLACE_DATE]], widths=(75, 100), grid=False, bold_rows=1)]


def tax_confirmation() -> Doc:
    """The tax office's confirmation form (Mẫu 01/XNNVT)."""
    return Doc([*letterhead(AGENCY_TAX, "4512/XNNVT-CT"),
                Para("XÁC NHẬN\nTÌNH HÌNH THỰC HIỆN NGHĨA VỤ THUẾ", bold=True, size=13, align="center"),
                Para(f"Cục Thuế thành phố Hà Nội xác nhận tình hình thực hiện nghĩa vụ thuế của người nộp thuế "
                     f"{FIRM.name}, mã số thuế {FIRM.tax_code}, đến hết ngày 31/12/2025 như sau:"),
                Para("Người nộp thuế không còn nợ tiền thuế, tiền chậm nộp, tiền phạt."),
                *signature("Phạm Thị Lan", "KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG")])


def tax_notice() -> Doc:
    """A district tax office's notice that the firm has paid the state budget in full."""
    return Doc([*letterhead("CHI CỤC THUẾ KHU VỰC I", "1208/TB-CCT"),
                Para("THÔNG BÁO", bold=True, size=13, align="center"),
                Para("Về việc hoàn thành nghĩa vụ nộp ngân sách nhà nước", bold=True, align="center"),
                Para(f"Theo đề nghị của {FIRM.name} (mã số thuế {FIRM.tax_code}), căn cứ dữ liệu quản lý thuế, "
                     "Chi cục Thuế thông báo: đến ngày 28/02/2026 doanh nghiệp đã hoàn thành nghĩa vụ nộp các "
                     "khoản thuế, phí, lệ phí vào ngân sách nhà nước."),
                *signature("Lê Quang Huy", "CHI CỤC TRƯỞNG")])


def tax_letter() -> Doc:
    """A tax office's official letter (công văn) answering the firm's request, the subject in "V/v"."""
    return Doc([Table([[f"{AGENCY_TAX}\nSố: 3377/CT-KK\nV/v xác nhận tình hình thực hiện nghĩa vụ thuế",
                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" + PLACE_DATE]],
                      widths=(85, 90), grid=False, bold_rows=0),
                Para(f"Kính gửi: {FIRM.name}", align="center"),
                Para(f"Cục Thuế thành phố Hà Nội nhận được văn bản đề nghị của Công ty (mã số thuế {FIRM.tax_code}). "
                     "Qua kiểm tra dữ liệu, đến ngày 31/12/2025 Công ty đã nộp đủ các khoản thuế phát sinh và "
                     "không còn nợ đọng ngân sách nhà nước."),
                *signature("Phạm Thị Lan", "KT. CỤC TRƯỞNG")])


def environmental(title: list[Para], body: str) -> Doc:
    """An environmental paper from the city's People's Committee or its department."""
    return Doc([*letterhead("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI", "215/GPMT-UBND"), *title, Para(body),
                *signature("Nguyễn Trọng Đông", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH")])


ENV_BODY = (f"Cho phép {FIRM.name}, địa chỉ {FIRM.address}, được xả nước thải và khí thải của Nhà máy sản xuất "
            "máy biến áp ra môi trường theo các nội dung quy định tại Phụ lục kèm theo.")


def business_registration(branch: bool) -> Doc:
    """The business registration certificate of the firm, or of its branch."""
    title = ("GIẤY CHỨNG NHẬN ĐĂNG KÝ HOẠT ĐỘNG CHI NHÁNH" if branch else "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP\n"
             "CÔNG TY CỔ PHẦN")
    code = f"Mã số chi nhánh: {FIRM.tax_code}-001" if branch else f"Mã số doanh nghiệp: {FIRM.tax_code}"
    name = f"CHI NHÁNH {FIRM.name} TẠI BẮC NINH" if branch else FIRM.name
    return Doc([Para("SỞ TÀI CHÍNH THÀNH PHỐ HÀ NỘI\nPHÒNG ĐĂNG KÝ KINH DOANH", bold=True), *national_header(),
                Para(title, bold=True, size=13, align="center"), Para(code, bold=True, align="center"),
                Para("Đăng ký lần đầu: ngày 06 tháng 5 năm 2016\nĐăng ký thay đổi lần thứ 4: ngày 12 tháng 8 năm 2025"),
                Para(f"1. Tên {'chi nhánh' if branch else 'công ty'}\nTên {'chi nhánh' if branch else 'công ty'} "
                     f"viết bằng tiếng Việt: {name}"),
                Para(f"2. Địa chỉ {'chi nhánh' if branch else 'trụ sở chính'}: {FIRM.address}"),
                Para("3. Vốn điều lệ: 45.000.000.000 đồng" if not branch else "3. Ngành, nghề kinh doanh: theo "
                     "ngành, nghề của doanh nghiệp"),
                *signature("Đỗ Thị Hạnh", "TRƯỞNG PHÒNG")])


def cover_letter() -> Doc:
    """The firm's letter sending its dossier to the department: it names the form but is not one."""
    return Doc([Table([[f"{FIRM.name}\nSố: 25/2026/CV-HL\nV/v đăng ký tham gia xét chọn sản phẩm công nghiệp "
                        "chủ lực năm 2026", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                        + PLACE_DATE]], widths=(90, 85), grid=False, bold_rows=0),
                Para("Kính gửi: Sở Công Thương Hà Nội", align="center"),
                Para(f"{FIRM.name} (mã số thuế {FIRM.tax_code}) xin gửi hồ sơ đăng ký tham gia xét chọn sản phẩm "
                     f"công nghiệp chủ lực thành phố Hà Nội năm 2026 cho sản phẩm {FIRM.product}, gồm: Phiếu đăng "
                     "ký tham gia xét chọn; Báo cáo thuyết minh sản phẩm; Báo cáo tài chính năm 2023, 2024, 2025; "
                     "Giấy chứng nhận ISO 9001:2015."),
                Para("Kính đề nghị Sở Công Thương xem xét. Trân trọng cảm ơn."), *signature(FIRM.representative)])


def checklist() -> Doc:
    """The dossier's table of contents: it lists every paper, the form among them."""
    rows: list[list[Cell]] = [["STT", "Tên tài liệu", "Số trang"]]
    items = ["Phiếu đăng ký tham gia xét chọn sản phẩm công nghiệp chủ lực", "Báo cáo thuyết minh sản phẩm",
             "Giấy chứng nhận đăng ký doanh nghiệp", "Báo cáo tài chính năm 2023, 2024, 2025 đã kiểm toán",
             "Xác nhận tình hình thực hiện nghĩa vụ thuế", "Giấy phép môi trường", "Giấy chứng nhận ISO 9001:2015"]
    rows += [[str(k), item, str(2 + k % 3)] for k, item in enumerate(items, start=1)]
    return Doc([Para(FIRM.name, bold=True),
                Para("DANH MỤC HỒ SƠ\nĐĂNG KÝ THAM GIA XÉT CHỌN SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC NĂM 2026", bold=True,
                     size=12, align="center"), Table(rows, widths=(15, 135, 25))])


def import_declaration() -> Doc:
    """An import customs declaration: customs paper in USD, but money going out, not export."""
    rows: list[list[Cell]] = [["Số tờ khai", "104512398760", "Mã loại hình", "A12"],
                              ["Người nhập khẩu", FIRM.name, "Mã số", FIRM.tax_code],
                              ["Người xuất khẩu", "NIPPON COIL STEEL CO., LTD", "Nước xuất khẩu", "JP"],
                              ["Ngày đăng ký", "14/05/2025", "Điều kiện giá hóa đơn", "CIF"],
                              ["Tổng trị giá hóa đơn", "1.284.500 USD", "Tỷ giá tính thuế", "25.450"]]
    return Doc([Para("TỜ KHAI HÀNG HÓA NHẬP KHẨU (THÔNG QUAN)", bold=True, size=13, align="center"),
                Para("Chi cục Hải quan quản lý hàng đầu tư Hà Nội"), Table(rows, widths=(40, 70, 35, 30)),
                Para("Mô tả hàng hóa: Thép silic cán nguội dạng cuộn, dùng sản xuất lõi máy biến áp")])


def kind(name: str, fmt: str, build: Callable[[], Doc], expected: str, xfail: str | None = None,
         extra: dict[str, object] | None = None) -> Variant:
    """A kind variant: the paper, its format and the kind it must (not) get."""
    return Variant(name, fmt, build, {"kind": expected, **(extra or {})}, xfail=xfail)


DTM_TITLE = [Para("QUYẾT ĐỊNH", bold=True, size=13, align="center"),
             Para("Về việc phê duyệt kết quả thẩm định báo cáo đánh giá tác động môi trường\ncủa Dự án "
                  "Nhà máy sản xuất máy biến áp Hồng Lĩnh", bold=True, align="center")]
REGISTRATION_TITLE = [Para("GIẤY XÁC NHẬN\nĐĂNG KÝ KẾ HOẠCH BẢO VỆ MÔI TRƯỜNG", bold=True, size=13, align="center")]

# why a variant fails on the current code (strict xfail: remove the mark when the fix lands)

VARIANTS: list[Variant] = [
    kind("tax-xac-nhan-tinh-hinh-thuc-hien-nghia-vu-thue", "pdf", tax_confirmation, "tax_compliance"),
    kind("tax-xac-nhan-docx", "docx", tax_confirmation, "tax_compliance"),
    kind("tax-xac-nhan-phone-photo", "photo", tax_confirmation, "tax_compliance"),
    kind("tax-thong-bao-hoan-thanh-nghia-vu-nop-ngan-sach", "pdf", tax_notice, "tax_compliance"),
    kind("tax-cong-van-vv-xac-nhan-nghia-vu-thue", "pdf", tax_letter, "tax_compliance"),
    kind("env-giay-phep-moi-truong", "pdf", lambda: environmental(
        [Para("GIẤY PHÉP MÔI TRƯỜNG", bold=True, size=13, align="center")], ENV_BODY), "environmental_compliance"),
    kind("env-quyet-dinh-phe-duyet-dtm", "pdf", lambda: environmental(DTM_TITLE, ENV_BODY),
         "environmental_compliance"),
    kind("env-quyet-dinh-phe-duyet-dtm-docx", "docx", lambda: environmental(DTM_TITLE, ENV_BODY),
         "environmental_compliance"),
    kind("env-giay-xac-nhan-dang-ky-ke-hoach-bvmt", "pdf", lambda: environmental(REGISTRATION_TITLE, ENV_BODY),
         "environmental_compliance"),
    kind("bizreg-enterprise", "pdf", lambda: business_registration(False), "business_registration"),
    kind("bizreg-enterprise-phone-photo", "photo", lambda: business_registration(False), "business_registration"),
    kind("bizreg-branch-dang-ky-hoat-dong-chi-nhanh", "pdf", lambda: business_registration(True),
         "business_registration"),
    kind("not-form-cover-letter-cong-van", "pdf", cover_letter, "other"),
    kind("not-form-cover-letter-docx", "docx", cover_letter, "other"),
    kind("not-form-dossier-checklist", "pdf", checklist, "other"),
    kind("not-export-import-declaration", "pdf", import_declaration, "other",
         extra={"figures.export_usd.2025": ABSENT}),
]
