from decimal import Decimal

from django.utils import translation
from oscar.templatetags.currency_filters import currency


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


def test_vnd_in_vietnamese_has_dot_grouping_and_no_decimals():
    with translation.override("vi"):
        assert plain(currency(Decimal("150000"), "VND")) == "150.000 ₫"
        assert plain(currency(Decimal("1250000.00"), "VND")) == "1.250.000 ₫"


def test_fractions_of_a_dong_are_rounded_to_whole_dong():
    with translation.override("vi"):
        assert plain(currency(Decimal("149999.60"), "VND")) == "150.000 ₫"


def test_vnd_in_english_keeps_the_dong_sign_after_the_amount():
    with translation.override("en"):
        assert plain(currency(Decimal("150000"), "VND")) == "150,000 ₫"
