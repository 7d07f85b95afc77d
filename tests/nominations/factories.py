"""Factories for campaigns (none are shared yet) and dossiers."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from campaigns.enums import CampaignStatus, RecipientKind
from campaigns.models import AwardForm, AwardOffer, Campaign
from nominations.enums import StaffCategory
from nominations.models import Dossier, Nominee
from organizations.enums import Gender
from organizations.models import Ethnicity
from tests.factories import AuthorityFactory


class AwardFormFactory(DjangoModelFactory):
    class Meta:
        model = AwardForm
        django_get_or_create = ("authority", "code")

    authority = factory.SubFactory(AuthorityFactory)
    code = factory.Sequence(lambda n: f"hinh-thuc-{n}")
    name = factory.Sequence(lambda n: f"Giấy khen số {n}")
    recipient_kind = RecipientKind.INDIVIDUAL


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    authority = factory.SubFactory(AuthorityFactory)
    status = CampaignStatus.PUBLISHED
    title = "Phong trào thi đua “Đồng bào các dân tộc thiểu số huyện Ba Tơ chung sức xây dựng nông thôn mới”"
    nomination_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    max_dossiers_per_unit = 1
    unit_minutes_required = False


class AwardOfferFactory(DjangoModelFactory):
    class Meta:
        model = AwardOffer

    campaign = factory.SubFactory(CampaignFactory)
    award_form = factory.SubFactory(
        AwardFormFactory, authority=factory.SelfAttribute("..campaign.authority")
    )


def published_campaign(authority, **kwargs) -> Campaign:
    """A published campaign offering Giấy khen to individuals and to collectives."""
    campaign = CampaignFactory(authority=authority, **kwargs)
    individual = AwardFormFactory(
        authority=authority,
        code="giay-khen-ca-nhan",
        name="Giấy khen của Chủ tịch UBND (cá nhân)",
        recipient_kind=RecipientKind.INDIVIDUAL,
    )
    collective = AwardFormFactory(
        authority=authority,
        code="giay-khen-tap-the",
        name="Giấy khen của Chủ tịch UBND (tập thể)",
        recipient_kind=RecipientKind.COLLECTIVE,
    )
    AwardOfferFactory(campaign=campaign, award_form=individual)
    AwardOfferFactory(campaign=campaign, award_form=collective)
    return campaign


def offer(campaign: Campaign, kind: str) -> AwardOffer:
    return campaign.award_offers.get(award_form__recipient_kind=kind)


class DossierFactory(DjangoModelFactory):
    class Meta:
        model = Dossier

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.LazyAttribute(lambda o: o.created_by.unit)
    created_by = None


class NomineeFactory(DjangoModelFactory):
    class Meta:
        model = Nominee

    dossier = factory.SubFactory(DossierFactory)
    kind = RecipientKind.INDIVIDUAL
    award_offer = factory.LazyAttribute(lambda o: offer(o.dossier.campaign, o.kind))
    full_name = factory.Sequence(lambda n: f"Đinh Văn Thử {n}")
    gender = Gender.MALE
    birth_date = factory.Sequence(lambda n: date(1970, 1, 1) + timedelta(days=n * 37))
    ethnicity = factory.LazyFunction(lambda: Ethnicity.objects.get(code="19"))
    hometown = "xã Ba Cung"
    position = "Trưởng thôn"
    workplace = "Thôn Làng Teng"
    staff_category = StaffCategory.GRASSROOTS
    achievement_summary = "Đã có thành tích xuất sắc trong phong trào thi đua."
    report_text = "Thành tích nổi bật: vận động 20 hộ thoát nghèo."


def complete_dossier(clerk, campaign, *, nominees: int = 1) -> Dossier:
    """A draft with everything a submission needs (cover letter fields and file, nominees)."""
    from django.core.files.base import ContentFile

    dossier = Dossier.objects.create(
        campaign=campaign,
        unit=clerk.unit,
        created_by=clerk,
        letter_number="12/TTr-UBND",
        letter_date=timezone.localdate(),
        letter_signer="Đinh Văn Lớn",
        minutes_not_required=True,
    )
    dossier.letter_file.save("to-trinh.pdf", ContentFile(PDF_BYTES), save=True)
    for _ in range(nominees):
        NomineeFactory(dossier=dossier)
    return dossier


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
