"""factory_boy factories shared by every test module."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from organizations.enums import AuthorityLevel, Role
from organizations.models import Authority, Unit, UnitKind, User
from organizations.services import set_roles

PASSWORD = "mat-khau-thu-nghiem-1"


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.replace("Ủy ban nhân dân", "UBND"))
    level = AuthorityLevel.COMMUNE
    header_name = factory.LazyAttribute(lambda o: o.name.upper())
    parent_header_name = "UBND TỈNH QUẢNG NGÃI"
    place_name = factory.Sequence(lambda n: f"Thử Nghiệm {n}")
    document_code = "UBND"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Đơn vị số {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    kind = factory.LazyFunction(lambda: UnitKind.objects.get(code="commune"))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    authority = factory.SubFactory(AuthorityFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted, **kwargs) -> None:
        self.save()
        if create and extracted:
            set_roles(actor=None, person=self, roles=extracted)


def make_person(role: str, *, authority: Authority, unit: Unit | None = None, **kw) -> User:
    if role == Role.CLERK and unit is None:
        unit = UnitFactory(authority=authority)
    return UserFactory(authority=authority, unit=unit, roles=[role], **kw)
