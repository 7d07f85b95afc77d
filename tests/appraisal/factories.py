"""Dossiers for the appraisal tests, built through the ORM and moved through transition_dossier
(the clerk's services of issue 4 are not used here so these tests stand on their own)."""

from __future__ import annotations

import datetime as dt
import hashlib
from itertools import count

from django.core.files.base import ContentFile
from django.utils import timezone

from campaigns.enums import CampaignStatus, RecipientKind
from campaigns.models import AwardForm, AwardOffer, Campaign
from nominations.enums import DossierAction, DossierStatus, StaffCategory
from nominations.models import Attachment, Dossier, Nominee
from nominations.services.workflow import transition_dossier
from nominations.snapshots import take_snapshot
from organizations.models import Authority, Ethnicity, Unit, User

_seq = count(1)

# A tiny valid one-page PDF (for previews and file-by-file changes).
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def make_award_form(authority: Authority, code: str, name: str, kind: str, order: int = 0):
    form, _ = AwardForm.objects.get_or_create(
        authority=authority,
        code=code,
        defaults={"name": name, "recipient_kind": kind, "order": order},
    )
    return form


def make_campaign(authority: Authority, *, title: str = "") -> Campaign:
    campaign = Campaign.objects.create(
        authority=authority,
        status=CampaignStatus.PUBLISHED,
        title=title or f"Phong trào thi đua số {next(_seq)}",
        nomination_deadline=timezone.localdate() + dt.timedelta(days=30),
        unit_minutes_required=False,
    )
    for code, name, kind, order in (
        ("gk-ca-nhan", "Giấy khen cho cá nhân", RecipientKind.INDIVIDUAL, 1),
        ("gk-tap-the", "Giấy khen cho tập thể", RecipientKind.COLLECTIVE, 2),
        ("bk-ca-nhan", "Đề nghị Bằng khen cho cá nhân", RecipientKind.INDIVIDUAL, 3),
    ):
        AwardOffer.objects.create(
            campaign=campaign, award_form=make_award_form(authority, code, name, kind, order)
        )
    return campaign


def offer(campaign: Campaign, code: str = "gk-ca-nhan") -> AwardOffer:
    return AwardOffer.objects.get(campaign=campaign, award_form__code=code)


def add_person(dossier: Dossier, full_name: str, *, birth: dt.date | None = None, **kw) -> Nominee:
    return Nominee.objects.create(
        dossier=dossier,
        kind=RecipientKind.INDIVIDUAL,
        award_offer=kw.pop("award_offer", None) or offer(dossier.campaign),
        full_name=full_name,
        gender=kw.pop("gender", "male"),
        birth_date=birth or dt.date(1980, 1, 1 + next(_seq) % 28),
        ethnicity=kw.pop("ethnicity", None) or Ethnicity.objects.get(code="19"),
        position=kw.pop("position", "Giáo viên"),
        workplace=kw.pop("workplace", dossier.unit.name),
        achievement_summary=kw.pop("achievement_summary", "Có thành tích xuất sắc"),
        report_text=kw.pop("report_text", "Báo cáo thành tích trong phong trào."),
        staff_category=kw.pop("staff_category", StaffCategory.GRASSROOTS),
        order=kw.pop("order", 0),
        **kw,
    )


def add_collective(dossier: Dossier, full_name: str) -> Nominee:
    return Nominee.objects.create(
        dossier=dossier,
        kind=RecipientKind.COLLECTIVE,
        award_offer=offer(dossier.campaign, "gk-tap-the"),
        full_name=full_name,
        parent_unit_name=dossier.unit.name,
        member_count=20,
        women_share=60,
        achievement_summary="Tập thể có thành tích xuất sắc",
        report_text="Báo cáo thành tích của tập thể.",
    )


def add_pdf(dossier: Dossier, *, nominee: Nominee | None = None, name: str = "minh-chung.pdf"):
    attachment = Attachment(
        dossier=dossier,
        nominee=nominee,
        original_name=name,
        content_type="application/pdf",
        size=len(TINY_PDF),
        sha256=hashlib.sha256(TINY_PDF).hexdigest(),
    )
    attachment.file.save(name, ContentFile(TINY_PDF), save=False)
    attachment.save()
    return attachment


def make_dossier(
    campaign: Campaign, unit: Unit, *, names: tuple[str, ...] = ("Đinh Văn Lũy",)
) -> Dossier:
    dossier = Dossier.objects.create(
        campaign=campaign,
        unit=unit,
        letter_number=f"{next(_seq):02d}/TTr-{unit.short_name[:10]}",
        letter_date=timezone.localdate(),
        letter_signer="Phạm Văn Hiệu",
        minutes_not_required=True,
    )
    for i, name in enumerate(names):
        add_person(dossier, name, order=i)
    return dossier


def submit(dossier: Dossier, clerk: User) -> Dossier:
    """The clerk sends the dossier (what issue 4's submit service does, minus its checks)."""

    def apply(locked: Dossier) -> None:
        locked.submitted_at = timezone.now()
        take_snapshot(locked)

    return transition_dossier(
        actor=clerk, dossier=dossier, action=DossierAction.SUBMIT, apply=apply
    )


def resubmit(dossier: Dossier, clerk: User) -> Dossier:
    def apply(locked: Dossier) -> None:
        locked.submitted_at = timezone.now()
        take_snapshot(locked)

    return transition_dossier(
        actor=clerk, dossier=dossier, action=DossierAction.RESUBMIT, apply=apply
    )


def submitted_dossier(campaign: Campaign, clerk: User, **kw) -> Dossier:
    return submit(make_dossier(campaign, clerk.unit, **kw), clerk)


def force_status(dossier: Dossier, status: str) -> Dossier:
    """Test set-up only: put a dossier in a state without walking the workflow."""
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    return dossier


ALL_STATUSES = list(DossierStatus.values)
