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
