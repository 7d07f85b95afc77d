import datetime as dt

import pytest

from documents.models import RegisterCounter, RegisterEntry
from documents.selectors import number_in_use
from documents.services import NumberTaken, register_document
from organizations.enums import RegisterMode

pytestmark = pytest.mark.django_db


def _issue(authority, doc_type="KH", day=dt.date(2024, 4, 15), number=None):
    return register_document(
        authority=authority,
        doc_type=doc_type,
        issued_on=day,
        title="Trích yếu",
        target_kind="plan",
        target_id="1",
        number=number,
    )


def test_register_numbers_consecutively_from_one(authority) -> None:
    entries = [_issue(authority) for _ in range(3)]
    assert [e.number for e in entries] == [1, 2, 3]
    assert [e.reference for e in entries] == ["01/KH-UBND", "02/KH-UBND", "03/KH-UBND"]


def test_register_shared_series_spans_document_types(authority) -> None:
    authority.register_mode = RegisterMode.SHARED
    authority.save()
    plan = _issue(authority, "KH")
    decision = _issue(authority, "QĐ")
    assert (plan.number, decision.number) == (1, 2)
    assert decision.reference == "02/QĐ-UBND"


def test_register_per_type_series_are_separate(authority) -> None:
    authority.register_mode = RegisterMode.PER_TYPE
    authority.save()
    plan = _issue(authority, "KH")
    decision = _issue(authority, "QĐ")
    plan2 = _issue(authority, "KH")
    assert (plan.number, decision.number, plan2.number) == (1, 1, 2)
    assert RegisterCounter.objects.get(authority=authority, series="KH").last_number == 2


def test_register_restarts_each_year(authority) -> None:
    _issue(authority, day=dt.date(2024, 12, 31))
    _issue(authority, day=dt.date(2024, 12, 31))
    first_of_2025 = _issue(authority, day=dt.date(2025, 1, 1))
    assert first_of_2025.number == 1
    assert first_of_2025.year == 2025


def test_register_rejects_number_used_this_year(authority) -> None:
    _issue(authority)
    with pytest.raises(NumberTaken) as exc:
        _issue(authority, number=1)
    assert exc.value.messages == ["Số 01 đã được dùng trong năm 2024."]
    assert RegisterEntry.objects.filter(authority=authority).count() == 1


def test_register_typed_number_moves_counter_past_it(authority) -> None:
    _issue(authority, number=12)
    assert _issue(authority).number == 13
    assert number_in_use(authority=authority, doc_type="KH", year=2024, number=12)
    assert not number_in_use(authority=authority, doc_type="KH", year=2025, number=12)


def test_register_is_per_authority(authority, other_authority) -> None:
    assert _issue(authority).number == 1
    assert _issue(other_authority).number == 1
