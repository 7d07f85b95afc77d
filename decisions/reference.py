"""The national legal frame and base salaries as rows with their dates (domain reference §1,
§4), loaded by migration 0002 and by transactional tests (which flush every table). The
administrator corrects or adds rows in the admin; prize coefficients belong to each authority's
award forms and are entered there (the demo seeds its own)."""

from __future__ import annotations

import datetime as dt
from typing import Any

# name, number, issued on, issuer, title, in force from, to, order of citation
LEGAL_BASES = (
    ("Luật Tổ chức chính quyền địa phương", "72/2025/QH15", dt.date(2025, 6, 16), "", "",
     dt.date(2025, 7, 1), None, 1),
    ("Luật Thi đua, khen thưởng", "06/2022/QH15", dt.date(2022, 6, 15), "", "",
     dt.date(2024, 1, 1), None, 2),
    ("Nghị định", "98/2023/NĐ-CP", dt.date(2023, 12, 31), "Chính phủ",
     "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
     dt.date(2024, 1, 1), dt.date(2025, 6, 30), 3),
    ("Nghị định", "152/2025/NĐ-CP", dt.date(2025, 6, 14), "Chính phủ",
     "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
     dt.date(2025, 7, 1), None, 3),
)  # fmt: skip
BASE_SALARIES = (
    (1_800_000, dt.date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP"),
    (2_340_000, dt.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP"),
    (2_530_000, dt.date(2026, 7, 1), "Nghị định 161/2026/NĐ-CP (mức được công bố, cần đối chiếu)"),
)


def ensure_legal_frame(legal_basis_model: Any = None, base_salary_model: Any = None) -> None:
    """Create the rows that are missing (idempotent; an administrator's edits are kept)."""
    if legal_basis_model is None or base_salary_model is None:
        from .models import BaseSalary, LegalBasis

        legal_basis_model, base_salary_model = LegalBasis, BaseSalary
    for name, number, issued, issuer, title, start, end, order in LEGAL_BASES:
        legal_basis_model.objects.get_or_create(
            authority=None,
            number=number,
            defaults={
                "name": name,
                "issued_on": issued,
                "issuer": issuer,
                "title": title,
                "effective_from": start,
                "effective_to": end,
                "order": order,
            },
        )
    for amount, start, basis in BASE_SALARIES:
        base_salary_model.objects.get_or_create(
            effective_from=start, defaults={"amount": amount, "legal_basis": basis}
        )
