import pytest
from django.core.exceptions import ValidationError

from vietnam.validators import (
    normalise_mobile,
    normalise_tax_code,
    validate_mobile,
    validate_tax_code,
)


@pytest.mark.parametrize("code", ["0100109106", "0100109106-001", "0312345673"])
def test_valid_tax_codes(code):
    validate_tax_code(code)


@pytest.mark.parametrize(
    "code",
    ["0100109107", "010010910", "01001091060", "0100109106-000", "abcdefghij", ""],
)
def test_invalid_tax_codes(code):
    with pytest.raises(ValidationError):
        validate_tax_code(code)


def test_tax_code_branch_is_written_with_a_dash():
    assert normalise_tax_code("0100109106001") == "0100109106-001"
    assert normalise_tax_code(" 0100109106 ") == "0100109106"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84387654321", "0387654321"),
    ],
)
def test_mobile_numbers_are_normalised(raw, expected):
    assert normalise_mobile(raw) == expected
    validate_mobile(expected)


@pytest.mark.parametrize("number", ["0212345678", "091234567", "02438251234", "hello"])
def test_landlines_and_junk_are_not_mobiles(number):
    with pytest.raises(ValidationError):
        validate_mobile(normalise_mobile(number))


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("２６００００１００９", "2600001009"),  # full-width
        ("٢٦٠٠٠٠١٠٠٩", "2600001009"),  # Arabic-Indic
        ("０１００１０９１０６－００１", "0100109106-001"),
    ],
)
def test_tax_codes_in_other_digits_become_ascii(raw, expected):
    assert normalise_tax_code(raw) == expected


@pytest.mark.parametrize("raw", ["091２３４５６７０", "＋８４ ９１２ ３４５ ６７０"])
def test_mobiles_in_other_digits_become_ascii(raw):
    assert normalise_mobile(raw) in ("0912345670",)


@pytest.mark.parametrize(
    "value", ["２６００００１００９", "0100109106\n", "٢٦٠٠٠٠١٠٠٩"]
)
def test_unnormalised_tax_codes_never_validate(value):
    with pytest.raises(ValidationError):
        validate_tax_code(value)


@pytest.mark.parametrize("value", ["091２３４５６７０", "0912345670\n"])
def test_unnormalised_mobiles_never_validate(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


@pytest.mark.django_db
def test_a_tax_code_in_full_width_digits_is_the_same_seller(client):
    """The probe's trick: register the same MST again in full-width digits."""
    from sellers.models import SellerProfile
    from tests.sellers.test_views import APPLY, application

    assert client.post(APPLY, application()).status_code == 302
    again = client.post(
        APPLY,
        application(
            name="HTX Mạo danh",
            tax_code="０１００１０９１０６",
            phone="091２３４５６７０",
        ),
    )
    assert "tax_code" in again.context["form"].errors
    assert SellerProfile.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_an_unnormalised_tax_code_or_phone():
    from django.db import IntegrityError, transaction

    from sellers.models import SellerProfile
    from tests.factories import seller_application

    profile = seller_application()
    for field, value in (
        ("tax_code", "０１００１０９１０６"),
        ("phone", "091２３４５６７０"),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            SellerProfile.objects.filter(pk=profile.pk).update(**{field: value})
