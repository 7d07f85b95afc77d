"""The Giấy khen as printed documents (domain reference §9): the data of a decision's
certificates, as JSON, and two document kinds of the engine:

- "certificates" (ID = decision id): every certificate of a signed decision in one PDF
  (`render_document certificates DECISION_ID`); the worker's batches use the same data, chunk by
  chunk (services.render_chunk);
- "certificate_sample" (ID = decision id): one sheet with the authority's current print
  settings, to test the offsets on a pre-printed blank.

A4 landscape, a decorative border drawn in CSS, the deciding title and "GIẤY KHEN" in red; no
page number and no mark of a batch on any certificate.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from campaigns.documents import movement_phrase
from campaigns.enums import RecipientKind
from decisions.documents import signature_block
from decisions.models import Decision, DecisionLine
from documents.kinds import DocumentKind
from documents.vietnamese import long_date, place_and_date

from .enums import CertificateMode

CERTIFICATE_TEMPLATE = "pdf/certificates.html"
CERTIFICATES_TEMPLATE_VERSION = "certificates-1"


def certificate_row(line: DecisionLine) -> dict[str, Any]:
    """What one certificate prints of its awardee (copied at drafting into the frozen list)."""
    position = line.position.strip()
    unit = line.unit_name.strip()
    return {
        "line": line.pk,
        "name": line.full_name,
        "collective": line.recipient_kind == RecipientKind.COLLECTIVE,
        "position": position,
        # The unit too, unless the position line already names it.
        "unit": unit if unit and unit not in position else "",
        "register_number": line.register_number,
    }


def certificate_common(
    decision: Decision, *, mode: str, offset_top_mm: Decimal, offset_left_mm: Decimal
) -> dict[str, Any]:
    """What every certificate of the decision shares: the issuer, the achievement line, the
    decision's number and date, place and date, the signer; and how they are printed."""
    authority = decision.authority
    return {
        "kind": "certificates",
        "title": f"Giấy khen theo Quyết định số {decision.reference}",
        "authority": {"name": authority.name},
        "issuer_title": f"CHỦ TỊCH {authority.name.upper()}",
        "achievement": f"Đã có thành tích xuất sắc trong {movement_phrase(decision.campaign)}.",
        "decision_line": f"Quyết định số {decision.reference}, {long_date(decision.signed_on)}",
        "place_date": place_and_date(authority.place_name, decision.signed_on),
        "signature": signature_block(decision),
        "mode": mode,
        "text_only": mode == CertificateMode.TEXT_ONLY,
        "offset_top_mm": str(offset_top_mm),
        "offset_left_mm": str(offset_left_mm),
    }


def certificates_data(
    decision: Decision,
    lines: Sequence[DecisionLine],
    *,
    mode: str,
    offset_top_mm: Decimal = Decimal("0"),
    offset_left_mm: Decimal = Decimal("0"),
) -> dict[str, Any]:
    common = certificate_common(
        decision, mode=mode, offset_top_mm=offset_top_mm, offset_left_mm=offset_left_mm
    )
    return {**common, "certificates": [certificate_row(line) for line in lines]}


def _settings_of(decision: Decision) -> tuple[str, Decimal, Decimal]:
    from .selectors import print_settings

    found = print_settings(decision.authority)
    return found.mode, found.offset_top_mm, found.offset_left_mm


def _all_data(decision: Decision) -> dict[str, Any]:
    from .selectors import certificate_lines

    mode, top, left = _settings_of(decision)
    return certificates_data(
        decision, certificate_lines(decision), mode=mode, offset_top_mm=top, offset_left_mm=left
    )


def _sample_data(decision: Decision) -> dict[str, Any]:
    from .selectors import certificate_lines

    mode, top, left = _settings_of(decision)
    data = certificates_data(
        decision, certificate_lines(decision)[:1], mode=mode, offset_top_mm=top, offset_left_mm=left
    )
    return {**data, "kind": "certificate_sample", "title": "In thử một Giấy khen"}


def _load(object_id: str) -> Decision:
    from decisions.enums import ISSUED_STATUSES

    return Decision.objects.select_related("authority", "campaign", "signer").get(
        pk=int(object_id), status__in=sorted(ISSUED_STATUSES)
    )


def _can_view(user, decision: Decision) -> bool:
    return bool(user.has_perm("awards.view_certificates", decision))


def _filename(prefix: str):
    def name(decision: Decision, data: dict[str, Any]) -> str:
        number = f"{decision.number:02d}" if decision.number else "x"
        return f"{prefix}-{number}-qd-{decision.authority.document_code}-{decision.pk}.pdf".lower()

    return name


CERTIFICATES_KIND = DocumentKind(
    code="certificates",
    label="Giấy khen (theo quyết định)",
    template_name=CERTIFICATE_TEMPLATE,
    template_version=CERTIFICATES_TEMPLATE_VERSION,
    load=_load,
    build_data=_all_data,
    filename=_filename("giay-khen"),
    can_view=_can_view,
    authority_of=lambda decision: decision.authority,
)

CERTIFICATE_SAMPLE_KIND = DocumentKind(
    code="certificate_sample",
    label="In thử Giấy khen",
    template_name=CERTIFICATE_TEMPLATE,
    template_version=CERTIFICATES_TEMPLATE_VERSION,
    load=_load,
    build_data=_sample_data,
    filename=_filename("in-thu-giay-khen"),
    can_view=_can_view,
    authority_of=lambda decision: decision.authority,
)
