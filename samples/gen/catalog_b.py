"""Dossiers HN2026-007 … HN2026-012: incomplete dossiers (absent, expired, unsupplied, mismatched)."""

from __future__ import annotations

from datetime import date

from .catalog_common import D, cert, mistyped, mst, patent, required_docs, trademark
from .model import Dossier, Figures, Firm, FormSpec, Product, ty


def d007() -> Dossier:
    """Garment exporter without the tax-compliance letter; A1 exactly 500 tỷ and B1 exactly 5 million USD."""
    f = Firm(name="Công ty Cổ phần May Xuất khẩu Thường Tín", tax_code=mst("HN2026-007"),
             address="Khu công nghiệp Quất Động, xã Thường Tín, Thành phố Hà Nội",
             address_gcn="Khu công nghiệp Quất Động, xã Quất Động, huyện Thường Tín, thành phố Hà Nội",
             factory="KCN Quất Động, xã Thường Tín, Thành phố Hà Nội", rep="Ngô Thị Hạnh", rep_male=False,
             rep_title="Tổng Giám đốc", legal_form="cp", founded=date(2001, 4, 20), capital=60_000_000_000,
             short="MAY XUẤT KHẨU\nTHƯỜNG TÍN", abbr="TTG", gcn_changes=9, gcn_change_date=date(2020, 2, 11),
             phone="024 3376 5432")
    p = Product("Áo jacket và quần âu xuất khẩu", "det_may_da_giay", capacity="6 triệu sản phẩm/năm")
    fig = Figures(product={2023: ty("412"), 2024: ty("455"), 2025: ty("500")},
                  net={2023: 506_338_902_117, 2024: 559_802_466_390, 2025: 612_455_780_300},
                  export={2023: 4_100_000, 2024: 4_560_000, 2025: 5_000_000}, employees=2150)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "44 100 2211873", "TÜV NORD Vietnam",
                  date(2025, 3, 3),
                  date(2028, 3, 2), "Manufacture of garments (jackets, trousers).", "dot")]
    form = FormSpec(layout="cols", unit="ty", claimed=["ISO 9001:2015"], number="27/TTG-KH",
                    date=date(2026, 9, 10))
    docs = [D("Dang ky SPCNCL.docx", "registration_form", "docx",
              purpose="figures 500 tỷ (A1 edge ≥ 500 → 16) and 5.000.000 USD (B1 edge ≥ 5 million → 6)"),
            D("GCN dang ky doanh nghiep.pdf", "business_registration"),
            D("Giay phep moi truong.pdf", "environmental_compliance"),
            D("Cam ket chap hanh phap luat.pdf", "commitment", report=True),
            D("BCTC 2025.pdf", "financial_statement", ref="FY2025", variant="kqkd", unit_label="đồng"),
            D("BCTC 2024.xlsx", "financial_statement", "xlsx", ref="FY2024", balance=False, headers="years",
              unit_label="đồng"),
            D("ISO 9001.pdf", "quality_certificate", ref="QMS"),
            D("to khai xuat khau 2025.xlsx", "export_evidence", "xlsx", ref="2025")]
    return Dossier("HN2026-007", "Garment exporter, tax letter missing",
                   "incomplete: tax_compliance absent (so legal_registration also fails)", f, p, fig, form,
                   docs, certs)


def d008() -> Dossier:
    """LED lighting maker that sent only the 2025 statement (scanned): 2023 is not covered."""
    f = Firm(name="Công ty TNHH Thiết bị Chiếu sáng Phương Đông", tax_code=mst("HN2026-008"),
             address="Số 9, ngõ 84 phố Ngọc Khánh, phường Giảng Võ, Thành phố Hà Nội",
             factory="Khu công nghiệp Quang Minh, xã Quang Minh, Thành phố Hà Nội", rep="Hoàng Đức Anh",
             rep_title="Giám đốc", legal_form="tnhh", founded=date(2011, 10, 10), capital=95_000_000_000,
             short="THIẾT BỊ CHIẾU SÁNG\nPHƯƠNG ĐÔNG", gcn_changes=5, gcn_change_date=date(2025, 8, 19),
             gcn_issuer="stc", phone="024 3771 9090", email="sales@phuongdonglighting.vn")
    p = Product("Đèn LED chiếu sáng đường phố và công nghiệp", "dien_dien_tu", capacity="850.000 bộ đèn/năm")
    fig = Figures(product={2023: ty("232.6"), 2024: ty("268.1"), 2025: ty("301.7")},
                  net={2023: 290_442_118_200, 2024: 331_905_774_418, 2025: 372_118_640_551},
                  export={2023: 850_000, 2024: 1_020_000, 2025: 1_250_000}, employees=540)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "VN-QMS-12345", "Bureau Veritas Certification",
                  date(2024, 3, 12), date(2027, 3, 11), "Design and manufacture of LED luminaires.",
                  "en_long")]
    form = FormSpec(layout="rows", unit="ty", decimals=1, claimed=["ISO 9001:2015"], date=date(2026, 9, 12))
    docs = [D("Phiếu đăng ký.docx", "registration_form", "docx"),
            *required_docs(names=("DKDN.pdf", "Thuế.pdf", "Môi trường.pdf", "Cam kết.docx"), commit="docx"),
            D("BCTC/BCTC2025.pdf", "financial_statement", ref="FY2025", variant="cover+kqkd",
              purpose="the only statement: FY2024 (hence 2023) is missing"),
            D("ISO 9001 2015.pdf", "quality_certificate", ref="QMS")]
    return Dossier("HN2026-008", "LED street lights, one statement short and no customs list",
                   "incomplete: financial_statement:2023 absent and export_evidence:2025 absent (export "
                   "declared, no customs list)", f, p, fig, form, docs, certs)


def d009() -> Dossier:
    """Lift maker whose ISO 14001 expires on 2026-09-29, one day before the deadline."""
    f = Firm(name="Công ty Cổ phần Thang máy Thiên Nam", tax_code=mst("HN2026-009"),
             address="Số 45 đường Nguyễn Xiển, phường Khương Đình, Thành phố Hà Nội",
             factory="Lô 12, Cụm công nghiệp Thanh Oai, xã Thanh Oai, Thành phố Hà Nội", rep="Lê Văn Thịnh",
             rep_title="Tổng Giám đốc", legal_form="cp", founded=date(2007, 5, 8), capital=110_000_000_000,
             short="THANG MÁY\nTHIÊN NAM", gcn_changes=7, gcn_change_date=date(2025, 9, 26), gcn_issuer="stc",
             phone="024 3558 6262")
    p = Product("Thang máy chở người tải trọng 450 - 1.600 kg", "co_khi_che_tao", capacity="2.500 bộ/năm")
    fig = Figures(product={2023: ty("356.25"), 2024: ty("401.5"), 2025: ty("468.75")},
                  net={2023: 451_090_336_512, 2024: 512_774_001_980, 2025: 589_120_448_650},
                  export={2023: 0, 2024: 0, 2025: 0}, employees=780)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "HT 1187.25.17",
                  "Trung tâm Chứng nhận Phù hợp QUACERT",
                  date(2025, 1, 6), date(2028, 1, 5), "Sản xuất, lắp đặt thang máy.", "vn", lang="vi"),
             cert(f, "EMS", "ISO 14001", "ISO 14001:2015", "MT 0672.23.17",
                  "Trung tâm Chứng nhận Phù hợp QUACERT",
                  date(2023, 9, 30), date(2026, 9, 29), "Sản xuất, lắp đặt thang máy.", "vn", lang="vi")]
    ip = [patent("giai_phap_huu_ich", "2-0003102-000", "Bộ cứu hộ tự động cho thang máy khi mất điện",
                 date(2021, 3, 15), date(2023, 8, 21))]
    form = FormSpec(layout="cols", unit="ty", decimals=2, claimed=["ISO 9001:2015", "ISO 14001:2015"],
                    ip_count=1,
                    number="19/2026/TN", date=date(2026, 9, 1))
    docs = [D("01. Phieu dang ky.docx", "registration_form", "docx"),
            *required_docs(names=("02. GCNDKDN.pdf", "03. Xac nhan nghia vu thue.pdf", "04. GPMT.pdf",
                                  "05. Cam ket.docx"), commit="docx"),
            D("06. BCTC 2025.pdf", "financial_statement", ref="FY2025", variant="kqkd"),
            D("07. BCTC 2024.pdf", "financial_statement", ref="FY2024", variant="kqkd"),
            D("08. ISO 14001.pdf", "quality_certificate", ref="QMS",
              purpose="misleading name: this is the ISO 9001 certificate"),
            D("09. ISO 9001.pdf", "quality_certificate", ref="EMS",
              purpose="misleading name: the ISO 14001 certificate, expiring 29/09/2026 = deadline − 1 day"),
            D("10. GPHI.pdf", "ip_certificate", ref="0")]
    return Dossier("HN2026-009", "Lift maker, ISO 14001 one day short",
                   "incomplete: quality_certificate:ISO 14001 expired (edge: expiry 2026-09-29)", f, p, fig,
                   form,
                   docs, certs, ip)


def d010() -> Dossier:
    """Vegetable processor claiming ISO 22000 without sending the certificate."""
    f = Firm(name="Công ty TNHH Chế biến Nông sản Mê Linh", tax_code=mst("HN2026-010"),
             address="Thôn Yên Nhân, xã Mê Linh, Thành phố Hà Nội",
             address_gcn="Thôn Yên Nhân, xã Tiền Phong, huyện Mê Linh, thành phố Hà Nội",
             factory="Thôn Yên Nhân, xã Mê Linh, Thành phố Hà Nội", rep="Nguyễn Hữu Phúc",
             rep_title="Giám đốc",
             legal_form="tnhh", founded=date(2012, 2, 14), capital=70_000_000_000,
             short="CHẾ BIẾN NÔNG SẢN\nMÊ LINH",
             gcn_changes=4, gcn_change_date=date(2023, 3, 30), phone="024 3525 1616")
    p = Product("Rau củ quả sấy khô và đông lạnh xuất khẩu", "che_bien_nong_san_thuc_pham",
                capacity="18.000 tấn nguyên liệu/năm")
    fig = Figures(product={2023: ty("198.4"), 2024: ty("226.7"), 2025: ty("254.3")},
                  net={2023: 241_773_902_118, 2024: 270_335_410_006, 2025: 301_448_215_770},
                  export={2023: 2_310_000, 2024: 2_870_000, 2025: 3_460_000}, employees=395)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "GL-QMS-250118", "Global Cert Vietnam",
                  date(2025, 1, 18),
                  date(2028, 1, 17), "Processing of dried and frozen vegetables and fruits.", "en_dmy")]
    form = FormSpec(layout="cols", unit="ty", decimals=1, group_style="checkbox",
                    claimed=["ISO 9001:2015", "ISO 22000:2018"], date=date(2026, 9, 4))
    docs = [D("Phieu dang ky - Me Linh.docx", "registration_form", "docx",
              purpose="claims ISO 9001 and ISO 22000; only ISO 9001 is in the dossier"),
            *required_docs(names=("GPKD.pdf", "xac nhan thue.pdf", "Giay phep MT.pdf", "tai lieu.docx"),
                           commit="docx"),
            D("BCTC/2025.pdf", "financial_statement", ref="FY2025", variant="kqkd",
              unit_label="Đồng Việt Nam"),
            D("BCTC/2024.xlsx", "financial_statement", "xlsx", ref="FY2024", numbers="text_vn"),
            D("ISO.pdf", "quality_certificate", ref="QMS", purpose="named just 'ISO': which one?"),
            D("XK.xlsx", "export_evidence", "xlsx", ref="2025")]
    return Dossier("HN2026-010", "Dried/frozen vegetables, ISO 22000 claimed not supplied",
                   "incomplete: quality_certificate:ISO 22000 absent", f, p, fig, form, docs, certs)


def d011() -> Dossier:
    """Pharmaceutical maker whose form carries a mistyped tax code (check digit fails)."""
    real = mst("HN2026-011")
    f = Firm(name="Công ty Cổ phần Dược phẩm Thiên Phúc", tax_code=real,
             address="Số 8 phố Vạn Phúc, phường Hà Đông, Thành phố Hà Nội",
             address_gcn="Số 8 phố Vạn Phúc, phường Vạn Phúc, quận Hà Đông, thành phố Hà Nội",
             factory="Cụm công nghiệp Thanh Oai, xã Thanh Oai, Thành phố Hà Nội", rep="Đặng Quốc Bảo",
             rep_title="Tổng Giám đốc", legal_form="cp", founded=date(2005, 9, 12), capital=130_000_000_000,
             short="DƯỢC PHẨM\nTHIÊN PHÚC", gcn_changes=10, gcn_change_date=date(2024, 11, 22),
             phone="024 3382 4455")
    p = Product("Thuốc viên nang cứng Amoxicillin 500 mg", "hoa_chat_cao_su_nhua_duoc_pham",
                capacity="900 triệu viên/năm")
    fig = Figures(product={2023: ty("287.5"), 2024: ty("318.2"), 2025: ty("352.9")},
                  net={2023: 402_118_335_900, 2024: 451_004_227_185, 2025: 497_330_118_402},
                  export={2023: 0, 2024: 310_000, 2025: 540_000}, employees=610)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "VN-21-0457-QMS", "BSI Vietnam", date(2024, 12, 9),
                  date(2027, 12, 8), "Manufacture of solid oral dosage forms.", "iso"),
             cert(f, "GMP", "other", "GMP-WHO", "GMP-0321/QLD", "Cục Quản lý Dược - Bộ Y tế",
                  date(2024, 4, 16),
                  date(2027, 4, 15), "Sản xuất thuốc viên nang cứng, viên nén nhóm beta-lactam.", "vn",
                  lang="vi")]
    form = FormSpec(layout="rows", unit="ty", decimals=1, claimed=["ISO 9001:2015", "GMP-WHO"],
                    tax_code=mistyped(real), date=date(2026, 9, 2), number="56/TP-KH")
    docs = [D("Phieu dang ky Thien Phuc.pdf", "registration_form",
              purpose="tax code on the form has two digits swapped (invalid check digit)"),
            *required_docs(names=("GCN DKDN.pdf", "Xac nhan thue.pdf", "GPMT.pdf", "Cam ket.docx"),
                           commit="docx"),
            D("BCTC 2025.pdf", "financial_statement", ref="FY2025", variant="kqkd"),
            D("BCTC 2024.pdf", "financial_statement", ref="FY2024", variant="kqkd"),
            D("ISO 9001.pdf", "quality_certificate", ref="QMS"),
            D("GMP.pdf", "quality_certificate", ref="GMP",
              purpose="GMP-WHO: a certificate of standard 'other'"),
            D("Bang ke XK.pdf", "export_evidence", ref="2025")]
    return Dossier("HN2026-011", "Pharmaceuticals, tax code mistyped on the form",
                   "incomplete: business_registration mismatch (form MST ≠ registration MST)", f, p, fig,
                   form, docs,
                   certs, invalid_tax_codes=[form.tax_code or ""])


def d012() -> Dossier:
    """Concrete-pile maker whose ISO 9001 certificate belongs to its parent corporation."""
    f = Firm(name="Công ty TNHH MTV Bê tông Ly tâm Sông Đáy", tax_code=mst("HN2026-012"),
             address="Cụm công nghiệp Phùng, xã Đan Phượng, Thành phố Hà Nội",
             address_gcn="Cụm công nghiệp Phùng, thị trấn Phùng, huyện Đan Phượng, thành phố Hà Nội",
             factory="Cụm công nghiệp Phùng, xã Đan Phượng, Thành phố Hà Nội", rep="Phạm Văn Lực",
             rep_title="Giám đốc", legal_form="tnhh1tv", founded=date(2010, 6, 1), capital=120_000_000_000,
             short="BÊ TÔNG LY TÂM\nSÔNG ĐÁY", gcn_changes=2, gcn_change_date=date(2019, 8, 6),
             phone="024 3363 8899")
    p = Product("Cọc bê tông ly tâm ứng suất trước (PHC)", "vat_lieu_xay_dung",
                capacity="1,2 triệu m dài/năm")
    fig = Figures(product={2023: ty("521.8"), 2024: ty("489.3"), 2025: ty("546.1")},
                  net={2023: 640_227_118_920, 2024: 601_334_905_117, 2025: 668_990_402_335},
                  export={2023: 0, 2024: 0, 2025: 0}, employees=465)
    parent = "Tổng Công ty Vật liệu Xây dựng Sông Đáy - CTCP"
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "QMS 24-0981", "Công ty TNHH Chứng nhận Quốc tế TQC",
                  date(2024, 5, 14), date(2027, 5, 13),
                  "Sản xuất cấu kiện bê tông đúc sẵn, cọc bê tông ly tâm.",
                  "slash", lang="vi", holder=parent,
                  holder_address="Số 20 đường Quang Trung, phường Hà Đông, "
                  "Thành phố Hà Nội", is_firm=False)]
    ip = [trademark("4-0366120-000", "SÔNG ĐÁY PHC", date(2018, 3, 5), date(2019, 11, 11),
                    "Nhóm 19: Cọc bê tông; cấu kiện bê tông đúc sẵn.")]
    form = FormSpec(layout="cols", unit="ty", decimals=1, claimed=["ISO 9001:2015"], ip_count=1,
                    date=date(2026, 8, 28), number="11/BTLT-SĐ")
    docs = [D("Phieu dang ky.pdf", "registration_form"),
            *required_docs(names=("GCN.pdf", "Thue.pdf", "Moi truong.pdf", "Cam ket.docx"), commit="docx"),
            D("Thue 2025.pdf", "tax_compliance", date=date(2025, 5, 20), esign=False,
              purpose="an older letter (May 2025) of the Chi cục Thuế khu vực I, next to the 2026 one"),
            D("Bao cao tai chinh 2025.pdf", "financial_statement", ref="FY2025", variant="kqkd"),
            D("Bao cao tai chinh 2024.xlsx", "financial_statement", "xlsx", ref="FY2024", balance=False),
            D("ISO 9001 Tong cong ty.pdf", "quality_certificate", ref="QMS",
              purpose="certificate held by the parent corporation, not by the applicant"),
            D("Nhan hieu.pdf", "ip_certificate", ref="0")]
    return Dossier("HN2026-012", "Concrete piles, ISO 9001 of the parent company",
                   "incomplete: quality_certificate:ISO 9001 mismatch (holder is another company)", f, p, fig,
                   form,
                   docs, certs, ip)


DOSSIERS = (d007, d008, d009, d010, d011, d012)
