"""The national legal frame and base salaries as rows with their dates (domain reference §1, §4).
The administrator corrects or adds rows in the admin; prize coefficients belong to each
authority's award forms and are entered there (the demo seeds its own)."""

import datetime as dt

from django.db import migrations

BASES = [
    # name, number, issued_on, issuer, title, from, to, order
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
]
SALARIES = [
    (1_800_000, dt.date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP"),
    (2_340_000, dt.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP"),
    (2_530_000, dt.date(2026, 7, 1), "Nghị định 161/2026/NĐ-CP (mức được công bố, cần đối chiếu)"),
]


def forwards(apps, schema_editor):
    LegalBasis = apps.get_model("decisions", "LegalBasis")
    BaseSalary = apps.get_model("decisions", "BaseSalary")
    for name, number, issued, issuer, title, start, end, order in BASES:
        LegalBasis.objects.get_or_create(
            authority=None,
            number=number,
            defaults=dict(name=name, issued_on=issued, issuer=issuer, title=title,
                          effective_from=start, effective_to=end, order=order),
        )
    for amount, start, basis in SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=start, defaults={"amount": amount, "legal_basis": basis}
        )


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
