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
    if ethnicity_model is None or unit_kind_model is None:
        from .models import Ethnicity, UnitKind

        ethnicity_model, unit_kind_model = Ethnicity, UnitKind
    for code, name in ETHNICITIES:
        ethnicity_model.objects.update_or_create(code=code, defaults={"name": name})
    for code, name, order in UNIT_KINDS:
        unit_kind_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
