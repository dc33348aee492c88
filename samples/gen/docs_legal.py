"""Legal papers: business registration, tax-compliance letter, environmental document, commitment."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .blocks import Para, Run, SigBox, Sign, Table
from .common import firm_header_lines, official_header, title_for
from .model import Dossier
from .util import d_slash, d_vn, vn_int, vn_words

GCN_ISSUERS = {
    "skhdt": ["SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "THÀNH PHỐ HÀ NỘI", "PHÒNG ĐĂNG KÝ KINH DOANH"],
    "stc": ["SỞ TÀI CHÍNH", "THÀNH PHỐ HÀ NỘI", "PHÒNG ĐĂNG KÝ KINH DOANH", "VÀ TÀI CHÍNH DOANH NGHIỆP"],
    "bacninh": ["SỞ TÀI CHÍNH", "TỈNH BẮC NINH", "PHÒNG ĐĂNG KÝ KINH DOANH", "VÀ TÀI CHÍNH DOANH NGHIỆP"],
}
LEGAL_FORM_TITLE = {"cp": "CÔNG TY CỔ PHẦN", "tnhh": "CÔNG TY TRÁCH NHIỆM HỮU HẠN HAI THÀNH VIÊN TRỞ LÊN",
                    "tnhh1tv": "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN"}
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLES = ("Văn", "Thị", "Minh", "Đức", "Thu", "Quang", "Thanh", "Hữu")
GIVEN = ("Hải", "Lan", "Tuấn", "Hương", "Dũng", "Thảo", "Sơn", "Yến", "Khánh", "Phương", "Cường")


def person(rng: random.Random) -> str:
    """A plausible Vietnamese full name (fictional)."""
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def build_business_registration(d: Dossier, rng: random.Random, opts: dict) -> list:
    """Giấy chứng nhận đăng ký doanh nghiệp (registration certificate) as the registry prints it."""
    f = d.firm
    tax = opts.get("tax_code", f.tax_code)
    changed = f.gcn_change_date
    issuer = f.gcn_issuer if f.gcn_issuer == "bacninh" else (
        "stc" if (changed or f.founded) >= date(2025, 3, 1) else "skhdt")
    place = "Bắc Ninh" if issuer == "bacninh" else "Hà Nội"
    blocks = official_header(GCN_ISSUERS[issuer], None, None, size=11, left_w=4.6)
    blocks += [Para("GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "center", bold=True, size=15, before=10, after=0),
               Para(LEGAL_FORM_TITLE[f.legal_form], "center", bold=True, after=8),
               Para([Run("Mã số doanh nghiệp: "), Run(tax, bold=True)], "center", size=14),
               Para(f"Đăng ký lần đầu: {d_vn(f.founded)}", "center", after=0)]
    if f.gcn_changes and changed:
        blocks.append(Para(f"Đăng ký thay đổi lần thứ: {f.gcn_changes}, {d_vn(changed)}", "center"))
    blocks += [Para("1. Tên công ty", "left", bold=True, before=8),
               Para(f"Tên công ty viết bằng tiếng Việt: {f.name.upper()}", "left", indent=5, after=1),
               Para(f"Tên công ty viết bằng tiếng nước ngoài: {f.name_en.upper() or ''}", "left", indent=5,
                    after=1),
               Para(f"Tên công ty viết tắt: {f.abbr}", "left", indent=5),
               Para("2. Địa chỉ trụ sở chính", "left", bold=True),
               Para(f.address_gcn or f.address, "left", indent=5, after=1),
               Para(f"Điện thoại: {f.phone}        Fax: ", "left", indent=5, after=1),
               Para(f"Email: {f.email}        Website: ", "left", indent=5),
               Para("3. Vốn điều lệ", "left", bold=True),
               Para(f"Vốn điều lệ: {vn_int(f.capital)} đồng", "left", indent=5, after=1),
               Para(f"Bằng chữ: {vn_words(f.capital)} đồng", "left", indent=5, after=1)]
    if f.legal_form == "cp":
        blocks += [Para("Mệnh giá cổ phần: 10.000 đồng", "left", indent=5, after=1),
                   Para(f"Tổng số cổ phần: {vn_int(f.capital // 10_000)}", "left", indent=5)]
    born = date(rng.randint(1962, 1985), rng.randint(1, 12), rng.randint(1, 28))
    cccd = f"001{0 if f.rep_male else 1}{born.year % 100:02d}{rng.randint(0, 999999):06d}"
    id_issued = date(rng.randint(2021, 2024), rng.randint(1, 12), rng.randint(1, 28))
    blocks += [Para("4. Người đại diện theo pháp luật của công ty", "left", bold=True),
               Table([[f"* Họ và tên: {f.rep.upper()}", f"Giới tính: {'Nam' if f.rep_male else 'Nữ'}"],
                      [f"Chức danh: {f.rep_title}", ""],
                      [f"Sinh ngày: {d_slash(born)}   Dân tộc: Kinh", "Quốc tịch: Việt Nam"],
                      ["Loại giấy tờ pháp lý của cá nhân: Căn cước công dân", ""],
                      [f"Số giấy tờ pháp lý của cá nhân: {cccd}", ""],
                      [f"Ngày cấp: {d_slash(id_issued)}   Nơi cấp: Cục Cảnh sát quản lý hành chính về trật "
                       "tự xã hội", ""]], [7, 3], borders="none", pad=1)]
    sign_date = changed or f.founded
    seal = " ".join(GCN_ISSUERS[issuer][:2]) + " * " + GCN_ISSUERS[issuer][2]
    blocks.append(Sign(["TRƯỞNG PHÒNG"], person(rng), note=None, date_line=f"{place}, {d_vn(sign_date)}",
                       seal=seal))
    return blocks


def _tax_header(d: Dossier, issued: date) -> tuple[list[str], str]:
    office = d.firm.tax_office
    if issued < date(2025, 3, 1):
        return ["TỔNG CỤC THUẾ", "CỤC THUẾ TP HÀ NỘI"], "Cục Thuế thành phố Hà Nội"
    if issued < date(2025, 7, 1):
        return ["CỤC THUẾ", "CHI CỤC THUẾ KHU VỰC I"], "Chi cục Thuế khu vực I"
    if office.startswith("Thuế cơ sở"):
        return ["THUẾ THÀNH PHỐ HÀ NỘI", office.split(" thành phố")[0].upper()], office
    return ["CỤC THUẾ", office.upper()], office


def build_tax_compliance(d: Dossier, rng: random.Random, opts: dict) -> list:
    """Letter of the tax authority confirming the firm has no tax arrears."""
    f = d.firm
    issued: date = opts.get("date", d.form.date - timedelta(days=rng.randint(3, 20)))
    left, office = _tax_header(d, issued)
    code = "BNI" if "Bắc Ninh" in office else "HAN"
    num = f"{rng.randint(1200, 9800)}/{code}-QLN"
    blocks = official_header(left, num, issued, size=11.5, vv="xác nhận tình hình thực hiện nghĩa vụ thuế",
                             place="Bắc Ninh" if code == "BNI" else "Hà Nội")
    asked = issued - timedelta(days=rng.randint(5, 15))
    cutoff = issued - timedelta(days=rng.randint(10, 25))
    blocks += [Para([Run("Kính gửi: "), Run(f.name, bold=True)], "left", indent=20, after=0),
               Para(f"(Mã số thuế: {f.tax_code})", "left", indent=20, after=0),
               Para(f"Địa chỉ: {f.address}", "left", indent=20, after=8),
               Para(f"{office} nhận được văn bản đề nghị ngày {d_slash(asked)} của {f.name} (sau đây gọi là "
                    "Công ty) về việc xác nhận tình hình thực hiện nghĩa vụ thuế để hoàn thiện hồ sơ tham "
                    "gia xét "
                    "chọn sản phẩm công nghiệp chủ lực. Về việc này, " + office + " có ý kiến như sau:",
                    first=10),
               Para("Căn cứ dữ liệu quản lý thuế trên hệ thống ứng dụng quản lý thuế tập trung (TMS), tính "
                    "đến "
                    f"ngày {d_slash(cutoff)}, Công ty không còn nợ tiền thuế, tiền chậm nộp, tiền phạt vi "
                    "phạm "
                    "hành chính về thuế đối với các khoản thu do cơ quan thuế quản lý.", first=10),
               Para(f"{office} thông báo để Công ty được biết./.", first=10),
               Sign([f"KT. TRƯỞNG {office.upper()}", "PHÓ TRƯỞNG"], person(rng), note=None,
                    seal=" * ".join(left)),
               Para("Nơi nhận:\n- Như trên;\n- Lưu: VT, QLN.", "left", italic=True, size=10)]
    if opts.get("esign", True):
        blocks.append(SigBox([f"Ký bởi: {office.upper()}", f"Cơ quan: {office}",
                              f"Ký ngày: {d_slash(issued)} {rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}:"
                              f"{rng.randint(0, 59):02d} +07:00"]))
    return blocks


def _env_grounds(issued: date, firm_name: str) -> list[str]:
    """The legal grounds cited, as they stood on the issue date."""
    day = "ngày 16 tháng 6 năm 2025" if issued >= date(2025, 7, 1) else "ngày 19 tháng 6 năm 2015"
    local = f"Căn cứ Luật Tổ chức chính quyền địa phương {day};"
    if issued < date(2022, 1, 10):
        law = ["Căn cứ Luật Bảo vệ môi trường ngày 23 tháng 6 năm 2014;",
               "Căn cứ Nghị định số 40/2019/NĐ-CP ngày 13 tháng 5 năm 2019 của Chính phủ sửa đổi, bổ sung "
               "một số điều của các nghị định quy định chi tiết, hướng dẫn thi hành Luật Bảo vệ môi trường;"]
    else:
        law = ["Căn cứ Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020;",
               "Căn cứ Nghị định số 08/2022/NĐ-CP ngày 10 tháng 01 năm 2022 của Chính phủ quy định chi tiết "
               "một số điều của Luật Bảo vệ môi trường;"]
    return [local, *law, f"Xét văn bản đề nghị của {firm_name} và kết quả kiểm tra thực tế tại cơ sở."]


def build_environment(d: Dossier, rng: random.Random, opts: dict) -> list:
    """Environmental permit (GPMT), EIA approval (ĐTM) or registration (`opts["env_type"]`)."""
    f = d.firm
    kind = opts.get("env_type", "gpmt")
    issued: date = opts.get("date", date(rng.randint(2022, 2025), rng.randint(1, 12), rng.randint(1, 28)))
    issuer = opts.get("issuer", f.env_issuer)
    ministry = issuer.startswith("BỘ")
    place = "Bắc Ninh" if "BẮC NINH" in issuer else "Hưng Yên" if "HƯNG YÊN" in issuer else "Hà Nội"
    project = opts.get("project", f"Nhà máy sản xuất {d.product.name[0].lower() + d.product.name[1:]}")
    suffix = {"gpmt": "GPMT-UBND", "dtm": "QĐ-UBND", "dkmt": "GXN-UBND"}[kind]
    num = opts.get("number", f"{rng.randint(12, 480)}/{suffix}")
    title = {"gpmt": ["GIẤY PHÉP MÔI TRƯỜNG"], "dkmt": ["GIẤY XÁC NHẬN ĐĂNG KÝ MÔI TRƯỜNG"],
             "dtm": ["QUYẾT ĐỊNH", "Về việc phê duyệt kết quả thẩm định báo cáo đánh giá tác động môi trường",
                     f"của Dự án “{project}”"]}[kind]
    blocks = official_header(issuer.split("\n"), num, issued, place=place, size=11.5)
    blocks += [Para(title[0], "center", bold=True, size=15, after=0)]
    blocks += [Para(t, "center", bold=True, after=0) for t in title[1:]]
    head = ("BỘ TRƯỞNG " if ministry else "") + issuer.replace("\n", " ")
    blocks.append(Para(head, "center", bold=True, before=8))
    blocks += [Para(x, first=10, italic=True, after=1) for x in _env_grounds(issued, f.name)]
    where = f"{f.name}, địa chỉ trụ sở chính: {f.address_gcn or f.address}"
    article1 = {
        "gpmt": f"Cấp phép cho {where}, được thực hiện các hoạt động bảo vệ môi trường của cơ sở “{project}” "
                f"tại {f.factory} với các nội dung quy định tại Phụ lục ban hành kèm theo Giấy phép này.",
        "dtm": f"Phê duyệt kết quả thẩm định báo cáo đánh giá tác động môi trường của Dự án “{project}” "
               f"(sau đây gọi là Dự án) của {where}, thực hiện tại {f.factory}.",
        "dkmt": f"Xác nhận {where} đã đăng ký môi trường đối với cơ sở “{project}” tại {f.factory}.",
    }[kind]
    blocks += [Para("XÁC NHẬN:" if kind == "dkmt" else "QUYẾT ĐỊNH:", "center", bold=True, before=6),
               Para([Run("Điều 1. ", bold=True), Run(article1)], first=10),
               Para([Run("Điều 2. ", bold=True), Run(
                   "Chủ cơ sở có trách nhiệm thực hiện đúng, đầy đủ các yêu cầu về bảo vệ môi trường; vận "
                   "hành thường xuyên hệ thống xử lý nước thải, khí thải và quản lý chất thải rắn, chất thải "
                   "nguy hại.")], first=10)]
    if kind == "gpmt":
        blocks.append(Para([Run("Điều 3. ", bold=True), Run(
            f"Thời hạn của giấy phép: {rng.choice([7, 10]):02d} năm, kể từ {d_vn(issued)}.")], first=10))
    titles = ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"] if ministry else ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
                                                              "PHÓ CHỦ TỊCH"]
    dept = "Sở Nông nghiệp và Môi trường" if issued >= date(2025, 3, 1) else "Sở Tài nguyên và Môi trường"
    blocks += [Sign(titles, person(rng), note=None, seal=issuer.replace("\n", " ")),
               Para(f"Nơi nhận:\n- Như Điều 1;\n- {dept};\n- Lưu: VT.", "left", italic=True, size=10)]
    return blocks


def build_commitment(d: Dossier, rng: random.Random, opts: dict) -> list:
    """The firm's signed commitment to comply with environment, quality, IP, labour and tax law."""
    f = d.firm
    signed: date = opts.get("date", d.form.date)
    report = opts.get("report", False)
    blocks = official_header(firm_header_lines(f), None, signed, size=11.5)
    blocks += [Para("BÁO CÁO VÀ CAM KẾT" if report else "BẢN CAM KẾT", "center", bold=True, size=15, after=0),
               Para("Về việc chấp hành các quy định của pháp luật về bảo vệ môi trường, chất lượng sản phẩm, "
                    "sở hữu trí tuệ và các quy định pháp luật khác", "center", bold=True, after=6),
               Para("Kính gửi: Sở Công Thương thành phố Hà Nội", "center", after=8),
               Para(f"Tên doanh nghiệp: {f.name}", "left", after=1),
               Para(f"Mã số doanh nghiệp: {f.tax_code}", "left", after=1),
               Para(f"Địa chỉ trụ sở chính: {f.address}", "left", after=1),
               Para(f"Người đại diện theo pháp luật: {title_for(f)} {f.rep} - {f.rep_title}", "left")]
    if report:
        blocks.append(Para("Trong giai đoạn 2023 - 2025, Công ty duy trì hoạt động sản xuất ổn định, thực "
                           "hiện đầy "
                           "đủ chế độ báo cáo công tác bảo vệ môi trường định kỳ, quan trắc môi trường theo "
                           "quy định; "
                           "không có khiếu nại về chất lượng sản phẩm và tranh chấp về sở hữu trí tuệ.",
                           first=10))
    items = [
        "Chấp hành nghiêm các quy định của pháp luật về bảo vệ môi trường; trong 03 năm gần nhất (2023 - "
        "2025) "
        "không bị xử phạt vi phạm hành chính trong lĩnh vực bảo vệ môi trường.",
        "Bảo đảm chất lượng sản phẩm, hàng hóa theo tiêu chuẩn công bố áp dụng và quy chuẩn kỹ thuật tương "
        "ứng.",
        "Tôn trọng và bảo vệ quyền sở hữu trí tuệ; không sản xuất, kinh doanh hàng giả, hàng vi phạm quyền "
        "sở hữu "
        "trí tuệ.",
        "Thực hiện đầy đủ nghĩa vụ về thuế, bảo hiểm xã hội và chế độ đối với người lao động.",
        "Chịu trách nhiệm trước pháp luật về tính trung thực của các thông tin, số liệu trong hồ sơ đăng ký.",
    ]
    blocks.append(Para("Doanh nghiệp cam kết:", "left", bold=True))
    blocks += [Para(f"{i}. {x}", first=10, after=1) for i, x in enumerate(items, 1)]
    blocks.append(Sign([f.rep_title.upper()], f.rep))
    return blocks
