"""Dossiers HN2026-001 … HN2026-006: complete dossiers (proposed, exactly 70, low score)."""

from __future__ import annotations

from datetime import date

from .catalog_common import D, cert, mst, patent, required_docs, trademark
from .model import Dossier, Figures, Firm, FormSpec, HTCert, Product, tr, ty


def d001() -> Dossier:
    """Big exporter of electronics, born-digital, proposed."""
    f = Firm(name="Công ty Cổ phần Điện tử Công nghiệp Đông Anh", tax_code=mst("HN2026-001"),
             address="Lô 45, Khu công nghiệp Thăng Long, xã Kim Chung, huyện Đông Anh, TP. Hà Nội",
             factory="Lô 45, KCN Thăng Long, huyện Đông Anh, Hà Nội", rep="Nguyễn Quang Hưng",
             rep_title="Tổng Giám đốc", legal_form="cp", founded=date(2006, 3, 15), capital=250_000_000_000,
             short="ĐIỆN TỬ CÔNG NGHIỆP\nĐÔNG ANH",
             name_en="Dong Anh Industrial Electronics Joint Stock Company",
             abbr="DAIE., JSC", gcn_changes=11, gcn_change_date=date(2024, 10, 8), email="info@daie.com.vn",
             phone="024 3881 6688", tax_office="Thuế cơ sở 7 thành phố Hà Nội")
    p = Product("Bo mạch điện tử lắp ráp (PCBA) cho thiết bị gia dụng và ô tô", "dien_dien_tu",
                capacity="45 triệu bo mạch/năm",
                technology="Dây chuyền SMT tốc độ cao, kiểm tra quang học tự động "
                "(AOI) và X-ray 3D, hàn sóng chọn lọc.",
                standards="IPC-A-610 Class 2/3; IATF 16949 (đang áp dụng).",
                market="Sản phẩm cung cấp cho các hãng điện tử gia dụng và ô tô tại Nhật Bản, Hàn Quốc, Đức.")
    fig = Figures(product={2023: ty("1684.25"), 2024: ty("1902.6"), 2025: ty("2215.75")},
                  net={2023: 2_103_467_812_450, 2024: 2_356_118_904_217, 2025: 2_614_882_315_467},
                  export={2023: 48_210_000, 2024: 55_930_400, 2025: 64_820_500}, employees=2380)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "VN23-QMS-004217", "Bureau Veritas Certification",
                  date(2024, 3, 12), date(2027, 3, 11),
                  "Manufacture of printed circuit board assemblies (PCBA) "
                  "for home appliances and automotive applications.", "en_long", original=date(2012, 3, 12)),
             cert(f, "EMS", "ISO 14001", "ISO 14001:2015", "01 104 1823417", "TÜV Rheinland Vietnam",
                  date(2023, 11, 20), date(2026, 11, 19), "Manufacture of PCBA.", "dot",
                  holder=f.name_en.upper())]
    ip = [trademark("4-0398765-000", "DAIE (hình)", date(2019, 5, 6), date(2021, 2, 22),
                    "Nhóm 09: Bảng mạch in đã lắp linh kiện; mạch điều khiển điện tử."),
          patent("giai_phap_huu_ich", "2-0002871-000",
                 "Mạch điều khiển động cơ một chiều không chổi than dùng cho "
                 "máy giặt", date(2020, 9, 14), date(2022, 11, 30))]
    form = FormSpec(layout="checklist", unit="ty", decimals=2, group_style="checkbox",
                    claimed=["ISO 9001:2015", "ISO 14001:2015"], ip_count=2,
                    number="215/CV-DAIE", date=date(2026, 8, 20))
    docs = [D("Phieu dang ky SPCNCL 2026 - DAIE.docx", "registration_form", "docx",
              purpose="form: years as columns, tỷ đồng with two decimals, ☒/☐ industry-group checklist"),
            *required_docs("01_Phap ly/", names=("GCN DKDN 2024.pdf", "CV xac nhan nghia vu thue.pdf",
                                                "GPMT nha may.pdf", "Ban cam ket.docx"), commit="docx"),
            D("02_BCTC/BCTC 2025 da kiem toan.pdf", "financial_statement", ref="FY2025",
              purpose="cover + balance sheet + income statement flowing on, the B02 table crosses a page "
                      "break",
              variant="cover+bcdkt+kqkd", flow=True, auditor="Công ty TNHH Kiểm toán và Tư vấn Sao Việt",
              borders="cols"),
            D("02_BCTC/BCTC 2024.pdf", "financial_statement", ref="FY2024", variant="kqkd", headers="years"),
            D("03_Chung chi/ISO 9001.pdf", "quality_certificate", ref="QMS",
              purpose="English certificate, dates as 'March 12, 2024'"),
            D("03_Chung chi/scan0003.pdf", "quality_certificate", ref="EMS",
              purpose="useless file name; holder printed in English"),
            D("04_SHTT/VB1.pdf", "ip_certificate", ref="0"), D("04_SHTT/VB2.pdf", "ip_certificate", ref="1"),
            D("Bang ke XK 2025.xlsx", "export_evidence", "xlsx", ref="2025"),
            D("Thuyet minh san pham.docx", "product_description", "docx",
              purpose="rounded, hedged figures ('khoảng')")]
    return Dossier("HN2026-001", "Big electronics exporter (PCBA)", "complete, proposed (total 76)", f, p,
                   fig, form,
                   docs, certs, ip)


def d002() -> Dossier:
    """High-tech AI camera maker with a high-tech certificate, form as labelled paragraphs."""
    f = Firm(name="Công ty Cổ phần Công nghệ Thị giác Sao Bắc", tax_code=mst("HN2026-002"),
             address="Tầng 12, tòa nhà Sao Bắc, số 18 phố Duy Tân, phường Cầu Giấy, Thành phố Hà Nội",
             address_gcn="Tầng 12, tòa nhà Sao Bắc, số 18 phố Duy Tân, phường Dịch Vọng Hậu, quận Cầu Giấy, "
                         "thành phố Hà Nội",
             factory="Lô CN-05, Khu công nghệ cao Hòa Lạc, xã Hòa Lạc, Thành phố Hà Nội",
             rep="Trần Minh Khoa",
             rep_title="Giám đốc", legal_form="cp", founded=date(2015, 7, 2), capital=80_000_000_000,
             short="CÔNG NGHỆ THỊ GIÁC\nSAO BẮC", name_en="Sao Bac Vision Technology Joint Stock Company",
             abbr="SAOBAC VISION", gcn_changes=6, gcn_change_date=date(2023, 5, 17),
             email="contact@saobac.vn",
             phone="024 3795 2020", env_issuer="ỦY BAN NHÂN DÂN\nXÃ HÒA LẠC")
    p = Product("Camera giám sát thông minh tích hợp trí tuệ nhân tạo (AI Camera)", "cong_nghe_thong_tin",
                capacity="300.000 sản phẩm/năm",
                technology="Thiết kế phần cứng, firmware và thuật toán học sâu nhận dạng khuôn mặt, biển "
                "số do doanh nghiệp tự phát triển; lắp ráp SMT tại Khu CNC Hòa Lạc.",
                standards="QCVN 118:2018/BTTTT; TCVN 7189:2009.",
                market="Khách hàng chính là các nhà mạng, đô thị thông minh; xuất khẩu sang Ấn Độ, "
                "Indonesia.")
    fig = Figures(product={2023: ty("241.3"), 2024: ty("309.8"), 2025: ty("386.4")},
                  net={2023: 318_442_109_330, 2024: 402_775_861_905, 2025: 512_604_338_176},
                  export={2023: 2_150_000, 2024: 4_300_000, 2025: 6_200_000}, employees=436)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "HT 2314.24.15",
                  "QUACERT - Trung tâm Chứng nhận Phù hợp",
                  date(2024, 3, 12), date(2027, 3, 11),
                  "Thiết kế, sản xuất camera giám sát và phần mềm phân tích "
                  "hình ảnh.", "vn", lang="bi"),
             cert(f, "EMS", "ISO 14001", "ISO 14001:2015", "VN24/00812", "SGS Vietnam Ltd.",
                  date(2024, 9, 10),
                  date(2027, 9, 9), "Design and manufacture of surveillance cameras.", "iso")]
    ip = [patent("sang_che", "1-0041288-000",
                 "Phương pháp và hệ thống nhận dạng biển số xe trong điều kiện thiếu "
                 "sáng", date(2019, 8, 1), date(2023, 6, 12)),
          trademark("4-0456120-000", "SAOBAC VISION", date(2020, 2, 10), date(2021, 10, 4),
                    "Nhóm 09: Camera; phần mềm máy tính. Nhóm 42: Thiết kế phần mềm.")]
    ht = HTCert("18/GCN-BKHCN", date(2024, 5, 20), date(2029, 5, 20), "số 43 Phụ lục II")
    form = FormSpec(layout="paras", unit="ty", decimals=1, export_style="trieu_usd",
                    claimed=["ISO 9001:2015", "ISO 14001:2015"], ip_count=2,
                    number="32/2026/CV-SBV", date=date(2026, 9, 3), show_enterprise_rev=False)
    docs = [D("Phiếu đăng ký_Sao Bắc.pdf", "registration_form",
              purpose="form as labelled paragraphs; export in triệu USD with a VND equivalent as a "
              "distractor"),
            *required_docs(names=("GCN ĐKDN.pdf", "Thue.pdf", "ho so moi truong/Giay xac nhan DKMT.pdf",
                                  "cam_ket.docx"), commit="docx", env_type="dkmt"),
            D("BCTC_2025.pdf", "financial_statement", ref="FY2025", variant="bcdkt+kqkd", headers="years",
              borders="grid"),
            D("BCTC_2024.xlsx", "financial_statement", "xlsx", ref="FY2024", numbers="num"),
            D("GCN SP cong nghe cao.pdf", "high_tech_certificate"),
            D("chung chi/QMS.pdf", "quality_certificate", ref="QMS", purpose="bilingual QUACERT certificate, "
              "Vietnamese long dates"),
            D("chung chi/EMS.pdf", "quality_certificate", ref="EMS", purpose="ISO dates (2024-09-10)"),
            D("VBBH/sang che.pdf", "ip_certificate", ref="0"), D("VBBH/nhan hieu.pdf", "ip_certificate",
                                                                 ref="1"),
            D("Bang ke to khai XK 2025.pdf", "export_evidence", ref="2025"),
            D("Thuyết minh SP.docx", "product_description", "docx")]
    return Dossier("HN2026-002", "High-tech AI camera maker",
                   "complete, proposed (total 76), C1 via high-tech "
                   "certificate", f, p, fig, form, docs, certs, ip, ht)


def d003() -> Dossier:
    """Dairy food processor with ISO 22000 (an expired 2020 certificate next to its valid renewal)."""
    f = Firm(name="Công ty Cổ phần Thực phẩm Sữa Hà Thành", tax_code=mst("HN2026-003"),
             address="Số 126 đường Nguyễn Văn Cừ, phường Bồ Đề, quận Long Biên, TP. Hà Nội",
             factory="Khu công nghiệp Phú Nghĩa, huyện Chương Mỹ, Hà Nội", rep="Phạm Thị Ngọc Lan",
             rep_title="Tổng Giám đốc", rep_male=False, legal_form="cp", founded=date(2004, 11, 9),
             capital=180_000_000_000, short="THỰC PHẨM SỮA\nHÀ THÀNH",
             name_en="Ha Thanh Dairy Foods Joint Stock "
             "Company", abbr="HATHANH DAIRY", gcn_changes=14, gcn_change_date=date(2025, 4, 2),
             email="hathanhdairy@gmail.com", phone="024 3872 5511",
             tax_office="Thuế cơ sở 2 thành phố Hà Nội")
    p = Product("Sữa chua ăn và sữa chua uống men sống", "che_bien_nong_san_thuc_pham",
                capacity="120 triệu lít/năm",
                technology="Lên men bằng chủng men sống nhập khẩu, dây chuyền chiết rót "
                "vô trùng khép kín.", standards="TCVN 7030:2016; QCVN 5-5:2010/BYT.",
                market="Phân phối toàn quốc qua hơn 40.000 điểm bán; xuất khẩu sang Trung Quốc, Campuchia, "
                       "Úc.")
    fig = Figures(product={2023: tr("905412"), 2024: tr("1013870"), 2025: tr("1146205")},
                  net={2023: tr("1102338"), 2024: tr("1231905"), 2025: tr("1388560")},
                  export={2023: 5_120_000, 2024: 6_830_000, 2025: 8_450_000}, employees=1320)
    scope = "Sản xuất sữa chua ăn, sữa chua uống men sống"
    certs = [cert(f, "FS-old", "ISO 22000", "ISO 22000:2018", "VICB-FS-2010-0512",
                  "Vinacert - Công ty Cổ phần "
                  "Chứng nhận và Giám định VinaCert", date(2020, 10, 5), date(2023, 10, 4), scope, "vn",
                  lang="vi"),
             cert(f, "FS", "ISO 22000", "ISO 22000:2018", "VICB-FS-2310-0875",
                  "Vinacert - Công ty Cổ phần Chứng "
                  "nhận và Giám định VinaCert", date(2023, 10, 5), date(2026, 10, 4), scope, "vn", lang="vi"),
             cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "VN005631", "Intertek Vietnam", date(2025, 1, 15),
                  date(2028, 1, 14), "Manufacture of yoghurt and drinking yoghurt.", "en_dmy"),
             cert(f, "EMS", "ISO 14001", "ISO 14001:2015", "VN-EMS-21877", "Bureau Veritas Certification",
                  date(2024, 6, 3), date(2027, 6, 2), "Manufacture of yoghurt products.", "slash"),
             cert(f, "HACCP", "HACCP", "HACCP (CAC/RCP 1-1969, Rev.2020)", "HACCP-2408-113",
                  "Vinacert - Công ty Cổ "
                  "phần Chứng nhận và Giám định VinaCert", date(2024, 8, 19), date(2027, 8, 18), scope,
                  "short",
                  lang="vi")]
    ip = [trademark("4-0312877-000", "SỮA HÀ THÀNH (hình)", date(2016, 4, 11), date(2018, 1, 29),
                    "Nhóm 29: Sữa chua; sữa chua uống; sản phẩm từ sữa."),
          trademark("4-0501246-000", "YOMI", date(2021, 7, 19), date(2023, 3, 6), "Nhóm 29: Sữa chua.")]
    form = FormSpec(layout="rows", unit="trieu", claimed=["ISO 9001:2015", "ISO 14001:2015", "ISO 22000:2018",
                                                          "HACCP"], ip_count=2, number="88/HTD-KH",
                    date=date(2026, 8, 25))
    docs = [D("Phieu DK.docx", "registration_form", "docx", purpose="form: years as rows, triệu đồng"),
            *required_docs(names=("Giấy CN ĐKDN.pdf", "xac nhan thue 2026.pdf", "QD phe duyet DTM.pdf",
                                  "Cam kết.docx"), commit="docx", env_type="dtm",
                           issuer="BỘ TÀI NGUYÊN\nVÀ MÔI TRƯỜNG", number="1842/QĐ-BTNMT",
                           date=date(2019, 7, 22)),
            D("BCTC2025.xlsx", "financial_statement", "xlsx", ref="FY2025",
              purpose="Excel statement in triệu đồng, numbers as numbers, balance sheet + income statement "
                      "sheets"),
            D("BCTC nam 2024.pdf", "financial_statement", ref="FY2024", variant="cover+kqkd",
              unit_label="triệu đồng", auditor="Công ty TNHH Kiểm toán Quốc tế Hà Nội"),
            D("Chứng nhận/ISO 22000_2020.pdf", "quality_certificate", ref="FS-old",
              purpose="expired ISO 22000 cycle 2020–2023: must not cost the firm anything (renewal "
              "supplied)"),
            D("Chứng nhận/ISO22000-2023.pdf", "quality_certificate", ref="FS",
              purpose="renewal valid until 2026-10-04, four days after the deadline"),
            D("Chứng nhận/QMS.pdf", "quality_certificate", ref="QMS", purpose="dates as '15 January 2025'"),
            D("Chứng nhận/tài liệu 2.pdf", "quality_certificate", ref="EMS", purpose="useless name"),
            D("Chứng nhận/HACCP.pdf", "quality_certificate", ref="HACCP", purpose="dates as 19/8/2024"),
            D("SHTT/NH1.pdf", "ip_certificate", ref="0"), D("SHTT/NH2.pdf", "ip_certificate", ref="1"),
            D("Xuat khau 2025.xlsx", "export_evidence", "xlsx", ref="2025")]
    d = Dossier("HN2026-003", "Dairy food processor with ISO 22000 and HACCP",
                "complete, proposed (total 74)",
                f, p, fig, form, docs, certs, ip, fs_unit="trieu")
    return d


def d004() -> Dossier:
    """Precision mechanics, the whole dossier scanned from paper; ISO 9001 as a phone photo."""
    f = Firm(name="Công ty Cổ phần Cơ khí Chính xác Nam Thăng Long", tax_code=mst("HN2026-004"),
             address="Lô CN3, Cụm công nghiệp Ngọc Hồi, xã Ngọc Hồi, Thành phố Hà Nội",
             address_gcn="Lô CN3, Cụm công nghiệp Ngọc Hồi, xã Ngọc Hồi, huyện Thanh Trì, thành phố Hà Nội",
             factory="Lô CN3, Cụm công nghiệp Ngọc Hồi, xã Ngọc Hồi, Thành phố Hà Nội", rep="Đỗ Văn Thành",
             rep_title="Giám đốc", legal_form="cp", founded=date(2009, 8, 21), capital=150_000_000_000,
             short="CƠ KHÍ CHÍNH XÁC\nNAM THĂNG LONG", abbr="NTL PRECISION", gcn_changes=8,
             gcn_change_date=date(2022, 12, 5), phone="024 3686 1179",
             tax_office="Thuế cơ sở 9 thành phố Hà Nội")
    p = Product("Khuôn mẫu và chi tiết cơ khí chính xác cho ô tô, xe máy", "co_khi_che_tao",
                capacity="12.000 tấn sản phẩm/năm")
    fig = Figures(product={2023: ty("702.4"), 2024: ty("868.9"), 2025: ty("1046.3")},
                  net={2023: 1_688_204_117_520, 2024: 1_975_331_480_906, 2025: 2_318_745_903_211},
                  export={2023: 12_600_000, 2024: 16_950_000, 2025: 21_400_000}, employees=1050)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "AJA25/7741012", "AJA Registrars Vietnam",
                  date(2025, 5, 26), date(2028, 5, 25), "Manufacture of precision moulds and machined parts.",
                  "en_long")]
    form = FormSpec(layout="rows", unit="ty", decimals=1, claimed=["ISO 9001:2015"], number="46/CV-NTL",
                    date=date(2026, 8, 10), show_enterprise_rev=False)
    docs = [D("scan0001.pdf", "registration_form", "scan", quality=68, compact=True,
              purpose="scanned form (JPEG quality 68), stamped and signed"),
            D("scan0002.pdf", "business_registration", "scan"),
            D("scan0003.pdf", "financial_statement", "scan", ref="FY2025", variant="kqkd", size=11),
            D("scan0004.pdf", "financial_statement", "scan", ref="FY2024", variant="kqkd", size=11,
              headers="years"),
            D("scan0005.pdf", "tax_compliance", "scan", esign=False),
            D("scan0006.pdf", "environmental_compliance", "scan", rotate={0: 180},
              purpose="page fed upside down (rotated 180°)"),
            D("scan0007.pdf", "commitment", "scan"),
            D("IMG_20260812_093155.jpg", "quality_certificate", "photo", ref="QMS",
              purpose="phone photo: perspective, uneven light, pixels stored rotated with EXIF "
              "Orientation=6"),
            D("scan0008.pdf", "export_evidence", "scan", ref="2025", rows=9)]
    return Dossier("HN2026-004", "Precision mechanics, paper dossier",
                   "complete, proposed (total 71), all scanned",
                   f, p, fig, form, docs, certs)


def d005() -> Dossier:
    """Plastics maker whose total is exactly 70: complete but not proposed ("over 70" is strict)."""
    f = Firm(name="Công ty Cổ phần Nhựa Kỹ thuật Sóc Sơn", tax_code=mst("HN2026-005"),
             address="Km 25, Quốc lộ 3, xã Phù Lỗ, huyện Sóc Sơn, TP Hà Nội",
             factory="Km 25, Quốc lộ 3, xã Phù Lỗ, huyện Sóc Sơn, TP Hà Nội", rep="Vũ Đình Toàn",
             rep_title="Tổng Giám đốc", legal_form="cp", founded=date(2002, 6, 3), capital=320_000_000_000,
             short="NHỰA KỸ THUẬT\nSÓC SƠN", name_en="Soc Son Engineering Plastics Joint Stock Company",
             abbr="SSP., JSC", gcn_changes=17, gcn_change_date=date(2024, 7, 16), phone="024 3595 0808",
             tax_office="Thuế cơ sở 6 thành phố Hà Nội")
    p = Product("Ống nhựa HDPE và phụ kiện cấp thoát nước", "hoa_chat_cao_su_nhua_duoc_pham",
                capacity="60.000 tấn/năm", standards="TCVN 7305-2:2008 (ISO 4427-2:2007).")
    fig = Figures(product={2023: 842_615_300_000, 2024: 951_304_800_000, 2025: 1_072_918_450_000},
                  net={2023: 1_061_227_450_118, 2024: 1_174_905_337_640, 2025: 1_295_377_204_118},
                  export={2023: 3_900_000, 2024: 4_750_000, 2025: 6_100_000}, employees=1085)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "QMS-0412/25",
                  "Trung tâm Chứng nhận Phù hợp QUACERT",
                  date(2025, 2, 18), date(2028, 2, 17), "Sản xuất ống nhựa HDPE, PPR và phụ kiện.", "slash",
                  lang="bi"),
             cert(f, "EMS", "ISO 14001", "ISO 14001:2015", "EMS-0198/24",
                  "Trung tâm Chứng nhận Phù hợp QUACERT",
                  date(2024, 4, 1), date(2027, 3, 31), "Sản xuất ống nhựa HDPE, PPR và phụ kiện.", "slash",
                  lang="bi")]
    ip = [trademark("4-0287654-000", "SSP (hình)", date(2014, 3, 3), date(2016, 1, 18), "Nhóm 17: Ống nhựa."),
          patent("kieu_dang", "3-0034561-000", "Măng sông nối ống HDPE", date(2021, 5, 24), date(2022, 8, 8))]
    form = FormSpec(layout="paras", unit="dong", claimed=["ISO 9001:2015", "ISO 14001:2015"], ip_count=2,
                    number="102/2026/CV-SSP", date=date(2026, 9, 8))
    docs = [D("Phieu dang ky.docx", "registration_form", "docx",
              purpose="form as paragraphs, amounts in đồng (1.072.918.450.000 đồng)"),
            *required_docs("Phap ly/", names=("DKKD.pdf", "Thue - xac nhan.pdf", "moi truong.pdf", "CK.docx"),
                           commit="docx"),
            D("BCTC/BCTC kiem toan 2025.pdf", "financial_statement", ref="FY2025", variant="bcdkt+kqkd",
              flow=True, borders="hlines", repeat=False,
              purpose="balance sheet then income statement on the same flow; header not repeated on page 2"),
            D("BCTC/BCTC kiem toan 2024.pdf", "financial_statement", ref="FY2024", variant="kqkd", zero=""),
            D("Chung nhan/ISO 9001-2015.pdf", "quality_certificate", ref="QMS"),
            D("Chung nhan/ISO 14001-2015.pdf", "quality_certificate", ref="EMS"),
            D("SHTT/Nhan hieu SSP.pdf", "ip_certificate", ref="0"),
            D("SHTT/Kieu dang.pdf", "ip_certificate", ref="1"),
            D("Bảng kê tờ khai xuất khẩu 2025.xlsx", "export_evidence", "xlsx", ref="2025")]
    return Dossier("HN2026-005", "HDPE pipes, total exactly 70",
                   "complete, NOT proposed: total = 70 (pass is > 70)",
                   f, p, fig, form, docs, certs, ip)


def d006() -> Dossier:
    """Small building-materials firm with a low score; statements under TT133 and an English-format xlsx."""
    f = Firm(name="Công ty TNHH Vật liệu Xây dựng Thanh Oai Xanh", tax_code=mst("HN2026-006"),
             address="Cụm công nghiệp Bình Minh, xã Bình Minh, Thành phố Hà Nội",
             address_gcn="Cụm công nghiệp Bình Minh, xã Bình Minh, huyện Thanh Oai, thành phố Hà Nội",
             factory="Cụm công nghiệp Bình Minh, xã Bình Minh, Thành phố Hà Nội", rep="Bùi Văn Hậu",
             rep_title="Giám đốc", legal_form="tnhh", founded=date(2013, 1, 28), capital=45_000_000_000,
             short="VẬT LIỆU XÂY DỰNG\nTHANH OAI XANH", gcn_changes=3, gcn_change_date=date(2021, 9, 14),
             phone="0243 3878 216", tax_office="Thuế cơ sở 12 thành phố Hà Nội")
    p = Product("Gạch bê tông khí chưng áp (AAC)", "vat_lieu_xay_dung", capacity="200.000 m³/năm",
                standards="TCVN 7959:2017.")
    fig = Figures(product={2023: tr("139215"), 2024: tr("141530"), 2025: tr("146820")},
                  net={2023: 160_118_402_334, 2024: 165_870_223_905, 2025: 171_306_552_910},
                  export={2023: 0, 2024: 0, 2025: 0}, employees=212)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "VN.QMS.2407-22",
                  "Công ty Cổ phần Chứng nhận Quốc tế ICB",
                  date(2024, 7, 22), date(2027, 7, 21), "Sản xuất gạch bê tông khí chưng áp.", "dash",
                  lang="vi")]
    ip = [trademark("4-0477350-000", "THANH OAI XANH", date(2020, 11, 2), date(2022, 6, 27),
                    "Nhóm 19: Gạch không nung; vật liệu xây dựng không bằng kim loại.")]
    form = FormSpec(layout="checklist", unit="trieu", group_style="x", claimed=["ISO 9001:2015"], ip_count=1,
                    date=date(2026, 9, 15))
    docs = [D("phieu dang ky TOX.pdf", "registration_form", purpose="checklist form with an 'x' column, "
              "triệu đồng, export row all zero"),
            *required_docs(names=("giay phep kinh doanh.pdf", "thue.pdf", "GPMT.pdf", "cam ket.pdf")),
            D("BC tai chinh 2025.pdf", "financial_statement", ref="FY2025", variant="kqkd", tt="133",
              purpose="small-firm form B02-DNN (TT133): line 24 instead of 25/26"),
            D("BC tai chinh 2024.xlsx", "financial_statement", "xlsx", ref="FY2024", tt="133",
              numbers="text_en",
              balance=False, purpose="xlsx export with numbers as text in English convention (1,234,567)"),
            D("ISO.pdf", "quality_certificate", ref="QMS", purpose="dates as 22-07-2024"),
            D("nhan hieu.pdf", "ip_certificate", ref="0")]
    return Dossier("HN2026-006", "AAC blocks, small firm", "complete, not proposed (total 26)", f, p, fig,
                   form,
                   docs, certs, ip)


DOSSIERS = (d001, d002, d003, d004, d005, d006)
