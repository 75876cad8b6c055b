import pytest

SON_LA = 14
PHUONG_CHIENG_AN = 3667


@pytest.fixture
def sales(db, settings):
    """Known orders over three sellers, two provinces, three payment methods and
    three months (Asia/Ho_Chi_Minh), with a cancelled order and a cancelled
    line. Commission: 8 % by default, 7.5 % for the Sơn La seller, so 160.020 ₫
    makes a half đồng (12.001,5 → 12.002 ₫).

    | order | placed (local) | paid by | lines                            |
    |-------|----------------|---------|----------------------------------|
    | O1    | 05/07 10:00    | COD     | tea ×2 300.000, plum ×1 80.010   |
    | O2    | 12/07 09:00    | VietQR  | honey ×1 200.000, tea ×1 cancelled|
    | O3    | 31/07 23:30    | card    | tea ×1 150.000                   |
    | O4    | 10/06 08:00    | COD     | plum ×2 160.020                  |
    | O5    | 20/07 (cancelled order) | COD | tea ×5 750.000             |
    | O6    | 01/08 00:30    | VietQR  | honey ×1 200.000                 |

    On 15/07 staff refund 40.010 ₫ of O4's plums (a June order): July's
    refunds, and 7.5 % of it (3.000,75 → 3.001 ₫) comes off July's commission.
    """
    from datetime import datetime
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from oscar.core.loading import get_model
    from oscar.test.factories import create_product

    from marketplace.checkout.models import OrderPayment, PaymentMethod
    from sellers import services as seller_services
    from sellers.statuses import LineStatus, OrderStatus, PaymentEventCode
    from tests.factories import (
        active_seller,
        category,
        order_of,
        seller_application,
        seller_product,
    )

    Order = get_model("order", "Order")
    Line = get_model("order", "Line")
    Partner = get_model("partner", "Partner")
    ProductCategory = get_model("catalogue", "ProductCategory")
    PaymentEvent = get_model("order", "PaymentEvent")
    PaymentEventType = get_model("order", "PaymentEventType")
    PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
    settings.MARKETPLACE_COMMISSION_RATE = "8"
    local = ZoneInfo("Asia/Ho_Chi_Minh")

    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    ong = active_seller(
        name="HTX Ong Thanh Sơn", tax_code="0312345673", email="ong@example.com"
    )
    moc_chau = active_seller(
        name="HTX Mận Mộc Châu",
        tax_code="0101243150",
        email="mocchau@example.com",
        province=SON_LA,
        ward=PHUONG_CHIENG_AN,
    )
    moc_chau.commission_rate = Decimal("7.5")
    moc_chau.save()
    seller_application(name="HTX Gạo Bao Thai", tax_code="0100109106-001")
    suspended = active_seller(
        name="HTX Măng Yên Lập", tax_code="0100686174", email="mang@example.com"
    )
    seller_services.seller_suspend(profile=suspended, reason="Hồ sơ hết hạn")

    tea_root = category("Chè")
    fruit_root = category("Trái cây")
    tea = seller_product(
        cam_my,
        title="Chè xanh Cẩm Mỹ",
        price=150000,
        category=category("Chè xanh", tea_root),
    )
    # The plum is sold as a pack size: the category is its parent's.
    plum_parent = create_product(title="Mận hậu Mộc Châu", structure="parent")
    ProductCategory.objects.create(
        product=plum_parent, category=category("Mận", fruit_root)
    )
    plum = create_product(
        title="Mận hậu Mộc Châu, hộp 1 kg",
        structure="child",
        parent=plum_parent,
        price=Decimal(80010),
        num_in_stock=20,
    )
    plum.stockrecords.update(partner=moc_chau.partner)
    honey = seller_product(ong, title="Mật ong hoa nhãn", price=200000)
    seller_product(cam_my, title="Chè búp (ẩn)", is_public=False)
    seller_product(cam_my, title="Chè đen (hết hàng)", num_in_stock=0)
    seller_product(suspended, title="Măng khô Yên Lập")
    # Partners staff made by hand have no profile; Oscar's factories leave one
    # nameless partner behind, replaced by a known one.
    Partner.objects.filter(profile__isnull=True).delete()
    Partner.objects.create(name="Đại lý do ban quản lý tạo")

    def placed(when, method, *items):
        order = order_of(*items)
        Order.objects.filter(pk=order.pk).update(date_placed=when.replace(tzinfo=local))
        OrderPayment.objects.create(
            order=order, method=method, amount=int(order.total_incl_tax)
        )
        return order

    orders = {
        "O1": placed(
            datetime(2026, 7, 5, 10),
            PaymentMethod.CASH_ON_DELIVERY,
            (tea, 2),
            (plum, 1),
        ),
        "O2": placed(
            datetime(2026, 7, 12, 9), PaymentMethod.BANK_TRANSFER, (honey, 1), (tea, 1)
        ),
        "O3": placed(datetime(2026, 7, 31, 23, 30), PaymentMethod.CARD, (tea, 1)),
        "O4": placed(
            datetime(2026, 6, 10, 8), PaymentMethod.CASH_ON_DELIVERY, (plum, 2)
        ),
        "O5": placed(
            datetime(2026, 7, 20, 15), PaymentMethod.CASH_ON_DELIVERY, (tea, 5)
        ),
        "O6": placed(
            datetime(2026, 8, 1, 0, 30), PaymentMethod.BANK_TRANSFER, (honey, 1)
        ),
    }
    Line.objects.filter(order=orders["O2"], product=tea).update(
        status=LineStatus.CANCELLED
    )
    orders["O5"].set_status(OrderStatus.CANCELLED)  # cascades to its lines
    refund_type, _created = PaymentEventType.objects.get_or_create(
        code=PaymentEventCode.REFUND, defaults={"name": "Refund"}
    )
    refund = PaymentEvent.objects.create(
        order=orders["O4"], amount=Decimal(40010), event_type=refund_type
    )
    PaymentEvent.objects.filter(pk=refund.pk).update(
        date_created=datetime(2026, 7, 15, 9, tzinfo=local)
    )
    PaymentEventQuantity.objects.create(
        event=refund, line=orders["O4"].lines.get(), quantity=1
    )
    return {
        "cam_my": cam_my,
        "ong": ong,
        "moc_chau": moc_chau,
        "orders": orders,
    }
