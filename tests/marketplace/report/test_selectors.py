"""The report's figures against known orders (tests/marketplace/report/conftest.py)."""

from datetime import date

import pytest

from marketplace.report import selectors
from marketplace.report.selectors import Dimension, Period

pytestmark = pytest.mark.django_db
JULY = Period(month=date(2026, 7, 1))


def table(dimension, period=JULY):
    return {
        row["label"]: (
            row["orders"],
            row["units"],
            row["gmv"],
            row["refunds"],
            row["commission"],
        )
        for row in selectors.sales_by(dimension=dimension, period=period)
    }


def test_a_months_totals_leave_out_cancelled_orders_and_lines(sales):
    assert selectors.marketplace_report(period=JULY)["totals"] == {
        "orders": 3,
        "units": 5,
        "gmv": 300000 + 80010 + 200000 + 150000,
        "refunds": 40010,
        "commission": 24000 + 6001 + 16000 + 12000 - 3001,
    }


def test_every_month_together(sales):
    totals = selectors.marketplace_report(period=Period())["totals"]
    assert totals == {
        "orders": 5,
        "units": 8,
        "gmv": 730010 + 160020 + 200000,
        "refunds": 40010,
        "commission": 58001 + 12002 + 16000 - 3001,
    }


def test_by_seller_biggest_first(sales):
    rows = selectors.sales_by(dimension=Dimension.SELLER, period=JULY)
    assert [row["label"] for row in rows] == [
        "HTX Chè Cẩm Mỹ",
        "HTX Ong Thanh Sơn",
        "HTX Mận Mộc Châu",
    ]
    assert table(Dimension.SELLER) == {
        "HTX Chè Cẩm Mỹ": (2, 3, 450000, 0, 36000),
        "HTX Ong Thanh Sơn": (1, 1, 200000, 0, 16000),
        "HTX Mận Mộc Châu": (1, 1, 80010, 40010, 6001 - 3001),
    }


def test_commission_agrees_with_each_sellers_statement(sales):
    """The report computes in SQL what the statements compute per line in Python."""
    from sellers.selectors import statement

    report = {
        row["key"]: row
        for row in selectors.sales_by(dimension=Dimension.SELLER, period=Period())
    }
    for name in ("cam_my", "ong", "moc_chau"):
        seller = sales[name]
        gross = commission = 0
        for year, month in ((2026, 6), (2026, 7), (2026, 8)):
            found = statement(seller=seller, year=year, month=month)["totals"]
            gross += found["gross"]
            commission += found["commission"]
        row = report[seller.partner_id]
        assert row["gmv"] - row["refunds"] == gross
        assert row["commission"] == commission


def test_a_refund_counts_in_the_month_it_was_made(sales):
    """O4 was placed in June; its refund comes off July, as on the statement."""
    june = Period(month=date(2026, 6, 1))
    assert selectors.marketplace_report(period=june)["totals"]["refunds"] == 0
    rows = selectors.sales_by(dimension=Dimension.MONTH, period=Period())
    assert [(row["label"], row["refunds"], row["commission"]) for row in rows] == [
        ("06/2026", 0, 12002),
        ("07/2026", 40010, 55000),
        ("08/2026", 0, 16000),
    ]


def test_half_a_dong_of_commission_rounds_up(sales):
    june = Period(month=date(2026, 6, 1))
    assert table(Dimension.SELLER, june) == {
        "HTX Mận Mộc Châu": (1, 2, 160020, 0, 12002)
    }


def test_by_province_of_the_seller(sales):
    assert table(Dimension.PROVINCE) == {
        "Phú Thọ": (3, 4, 650000, 0, 52000),
        "Sơn La": (1, 1, 80010, 40010, 3000),
    }


def test_by_top_level_category_pack_sizes_counting_in_their_parents(sales):
    assert table(Dimension.CATEGORY) == {
        "Chè": (2, 3, 450000, 0, 36000),
        "Không rõ": (1, 1, 200000, 0, 16000),
        "Trái cây": (1, 1, 80010, 40010, 3000),
    }


def test_by_payment_method(sales):
    assert table(Dimension.PAYMENT) == {
        "Thanh toán khi nhận hàng (COD)": (1, 3, 380010, 40010, 27000),
        "Chuyển khoản ngân hàng (quét mã VietQR)": (1, 1, 200000, 0, 16000),
        "Thanh toán bằng thẻ (Visa, Mastercard, JCB)": (1, 1, 150000, 0, 12000),
    }


def test_by_month_in_the_sites_time_zone(sales):
    """31/07 23:30 and 01/08 00:30 in Hà Nội are 16:30 and 17:30 UTC on 31/07."""
    rows = selectors.sales_by(dimension=Dimension.MONTH, period=Period())
    assert [(row["label"], row["orders"], row["gmv"]) for row in rows] == [
        ("06/2026", 1, 160020),
        ("07/2026", 3, 730010),
        ("08/2026", 1, 200000),
    ]


def test_a_month_by_day(sales):
    rows = selectors.sales_by(dimension=Dimension.MONTH, period=JULY)
    assert [
        (row["label"], row["orders"], row["gmv"], row["refunds"]) for row in rows
    ] == [
        ("05/07/2026", 1, 380010, 0),
        ("12/07/2026", 1, 200000, 0),
        ("15/07/2026", 0, 0, 40010),
        ("31/07/2026", 1, 150000, 0),
    ]


def test_the_totals_are_the_payment_methods_added_up(sales):
    """An order without a payment record still counts, in an "unknown" row."""
    from marketplace.checkout.models import OrderPayment

    OrderPayment.objects.filter(order=sales["orders"]["O3"]).delete()
    report = selectors.marketplace_report(period=JULY)
    assert report["totals"]["orders"] == 3
    assert report["totals"]["gmv"] == 730010
    payment = next(b for b in report["breakdowns"] if b["dimension"] == "payment")
    assert ("Không rõ", 150000) in [
        (row["label"], row["gmv"]) for row in payment["rows"]
    ]


def test_a_month_without_orders_is_empty(sales):
    empty = Period(month=date(2025, 1, 1))
    assert selectors.marketplace_report(period=empty)["totals"] == {
        "orders": 0,
        "units": 0,
        "gmv": 0,
        "refunds": 0,
        "commission": 0,
    }
    assert selectors.sales_by(dimension=Dimension.SELLER, period=empty) == []


def test_sellers_by_status(sales):
    counts = {row["label"]: row["count"] for row in selectors.sellers_by_status()}
    assert counts == {
        "Đã gửi đăng ký": 1,
        "Cần bổ sung": 0,
        "Bị từ chối": 0,
        "Đang hoạt động": 3,
        "Tạm ngừng": 1,
        "Không có hồ sơ (ban quản lý sàn tạo)": 1,
    }


def test_products_counted_once_with_their_pack_sizes(sales):
    """Tea, plum (a parent with one pack size), honey, a hidden one, one out of
    stock (still offered), and one of the suspended seller's."""
    assert selectors.product_counts() == {"total": 6, "public": 5, "offered": 4}


@pytest.mark.parametrize("period", [JULY, Period()], ids=["july", "every-month"])
def test_one_pass_gives_what_each_breakdown_gives(sales, period):
    """On PostgreSQL the page's breakdowns come from one GROUPING SETS query;
    they must equal the per-breakdown queries (elsewhere they are those)."""
    together = selectors.sales_breakdowns(period=period)
    for dimension in Dimension:
        assert together[dimension] == selectors.sales_by(
            dimension=dimension, period=period
        )


def test_each_breakdown_is_one_grouped_query(sales, django_assert_max_num_queries):
    """Grouped in the database: the query count does not grow with the orders."""
    for dimension in Dimension:
        with django_assert_max_num_queries(3):  # sales, refunds, names
            selectors.sales_by(dimension=dimension, period=JULY)
