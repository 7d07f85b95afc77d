"""Reference data that ships with the app: the 54 ethnic groups (General Statistics Office codes)
and the unit kinds. Loaded by a data migration and re-ensured where a test flushes the tables."""

from __future__ import annotations

from typing import Any

ETHNICITIES = [
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Hoa"),
    ("05", "Khơ-me"),
    ("06", "Mường"),
    ("07", "Nùng"),
    ("08", "Hmông"),
    ("09", "Dao"),
    ("10", "Gia-rai"),
    ("11", "Ngái"),
    ("12", "Ê-đê"),
    ("13", "Ba-na"),
    ("14", "Xơ-đăng"),
    ("15", "Sán Chay"),
    ("16", "Cơ-ho"),
    ("17", "Chăm"),
    ("18", "Sán Dìu"),
    ("19", "Hrê"),
    ("20", "Mnông"),
    ("21", "Ra-glai"),
    ("22", "Xtiêng"),
    ("23", "Bru-Vân Kiều"),
    ("24", "Thổ"),
    ("25", "Giáy"),
    ("26", "Cơ-tu"),
    ("27", "Gié-Triêng"),
    ("28", "Mạ"),
    ("29", "Khơ-mú"),
    ("30", "Co"),
    ("31", "Tà-ôi"),
    ("32", "Chơ-ro"),
    ("33", "Kháng"),
    ("34", "Xinh-mun"),
    ("35", "Hà Nhì"),
    ("36", "Chu-ru"),
    ("37", "Lào"),
    ("38", "La Chí"),
    ("39", "La Ha"),
    ("40", "Phù Lá"),
    ("41", "La Hủ"),
    ("42", "Lự"),
    ("43", "Lô Lô"),
    ("44", "Chứt"),
    ("45", "Mảng"),
    ("46", "Pà Thẻn"),
    ("47", "Cơ Lao"),
    ("48", "Cống"),
    ("49", "Bố Y"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Brâu"),
    ("53", "Ơ Đu"),
    ("54", "Rơ-măm"),
]

UNIT_KINDS = [
    ("department", "Phòng, ban chuyên môn", 10),
    ("agency", "Cơ quan, đơn vị hành chính - sự nghiệp", 20),
    ("commune", "UBND xã, phường, thị trấn", 30),
    ("school", "Trường học", 40),
    ("mass_org", "Mặt trận Tổ quốc, đoàn thể", 50),
    ("enterprise", "Doanh nghiệp, hợp tác xã", 60),
    ("other", "Khác", 90),
]


def ensure_reference_data(ethnicity_model: Any = None, unit_kind_model: Any = None) -> None:
    """Create or refresh the reference rows (idempotent). Migrations pass historical models."""
    current = ethnicity_model is None or unit_kind_model is None
    if current:
        from .models import Ethnicity, UnitKind

        ethnicity_model, unit_kind_model = Ethnicity, UnitKind
    for code, name in ETHNICITIES:
        ethnicity_model.objects.update_or_create(code=code, defaults={"name": name})
    for code, name, order in UNIT_KINDS:
        unit_kind_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    if current:
        ensure_ethnicity_aliases()


# Other names under which the groups are commonly known (General Statistics Office list of
# "tên gọi khác", and the spellings clerks type without diacritics or hyphens). Only names that
# point to one group are listed; an administrator adds more in the admin (Dân tộc › Tên gọi khác).
# Spelling variants ("Ca-dong", "cadong", "Hre") need no row: lookups fold case, diacritics,
# hyphens and spaces (organizations.selectors.find_ethnicity).
ETHNICITY_ALIASES = {
    "01": ["Việt"],
    "04": ["Hán", "Triều Châu", "Phúc Kiến", "Quảng Đông", "Hải Nam", "Xạ Phạng"],
    "05": ["Khmer", "Khơ-me Krôm", "Việt gốc Miên"],
    "06": ["Mol", "Mual", "Ao Tá"],
    "08": ["Mông", "Mèo", "Mán Trắng"],
    "09": ["Mán", "Động", "Dìu Miền", "Kiềm Miền", "Quần Trắng", "Dao Đỏ", "Thanh Y", "Lan Tẻn"],
    "10": ["Jarai", "Giơ-rai", "Chơ-rai", "Hơ-bau", "Hđrung"],
    "12": ["Rađê", "Kpạ", "A-đham", "Krung", "Ktul", "Mđhur", "Bih"],
    "13": ["Bahnar", "Gơ-lar", "Tơ-lô", "Giơ-lâng", "Rơ-ngao", "Krem", "Roh", "Kon Kđe"],
    "14": ["Ca Dong", "Xơ Teng", "Hđang", "Tơ Đrá", "Mơ Nâm", "Hà Lăng", "Kmrâng", "Con Lan"],
    "15": ["Cao Lan", "Sán Chỉ", "Hờn Bạn", "Mán Cao Lan"],
    "16": ["Xrê", "Nốp", "Cơ-don", "Lạt"],
    "17": ["Chiêm Thành", "Hroi"],
    "18": ["Sán Déo Nhín", "Mán Quần Cộc"],
    "19": ["Chăm Rê", "Chom", "Krẹ Lũy", "Thượng Ba Tơ", "Mọi Lũy", "Mọi Sơn Phòng"],
    "20": ["Pnông", "Bu-đâng", "Biat"],
    "21": ["Ra-clây", "Noang", "La Oang"],
    "22": ["Xa Điêng", "Stiêng"],
    "23": ["Bru", "Vân Kiều", "Măng Coong", "Tri Khùa"],
    "25": ["Nhắng", "Dẩng", "Cùi Chu"],
    "26": ["Ca Tu", "Katu"],
    "27": ["Đgiéh", "Ta Riêng", "Giang Rẫy Pin", "Triêng", "La-ve", "Bnoong"],
    "28": ["Châu Mạ", "Mạ Ngăn", "Mạ Xóp", "Mạ Tô", "Mạ Krung"],
    "29": ["Xá Cẩu", "Mứn Xen", "Pu Thênh", "Tày Hay", "Khmu"],
    "30": ["Cor", "Col", "Cùa", "Trầu"],
    "31": ["Tôi-ôi", "Pa-co", "Pa-hi", "Ba-hi"],
    "32": ["Dơ-ro", "Châu-ro"],
    "35": ["U Ni", "Xá U Ni"],
    "36": ["Chơ-ru"],
    "38": ["Cù Tê", "La Quả"],
    "40": ["Bồ Khô Pạ", "Pạ Xá", "Va Xơ"],
    "41": ["Pu Đang", "Khù Xung", "Cò Xung", "Khả Quy"],
    "42": ["Nhuồn", "Duôn"],
    "43": ["Mun Di"],
    "44": ["Rục", "Sách", "Arem", "Mã Liềng"],
    "45": ["Mảng Ư", "Xá Lá Vàng"],
    "46": ["Pà Hưng"],
    "48": ["Xắm Khống", "Mấng Nhé", "Xá Xeng"],
    "49": ["Chủng Chá", "Trọng Gia", "Tu Din"],
    "50": ["Cù Dề Xừ", "Khả Pẻ"],
    "51": ["Ka Pèo", "Pen Ti Lô Lô"],
    "52": ["Brao"],
    "53": ["Tày Hạt"],
}


def ensure_ethnicity_aliases(ethnicity_model: Any = None, alias_model: Any = None) -> None:
    """Create the shipped aliases that are missing (idempotent; an administrator's are kept)."""
    from .vietnamese import lookup_key

    if ethnicity_model is None or alias_model is None:
        from .models import Ethnicity, EthnicityAlias

        ethnicity_model, alias_model = Ethnicity, EthnicityAlias
    by_code = {e.code: e for e in ethnicity_model.objects.all()}
    for code, names in ETHNICITY_ALIASES.items():
        if code not in by_code:
            continue
        for name in names:
            alias_model.objects.get_or_create(
                key=lookup_key(name), defaults={"name": name, "ethnicity": by_code[code]}
            )
