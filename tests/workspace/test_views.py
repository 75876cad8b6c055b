import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.test.factories import UserFactory

from sellers import selectors

pytestmark = pytest.mark.django_db


def test_an_order_across_sellers_gives_each_seller_its_own_lines(market):
    lines = {line.partner_name: line for line in market["order"].lines.all()}
    assert set(lines) == {"HTX Chè Cẩm Mỹ", "HTX Bưởi Đoan Hùng"}
    assert {line.status for line in lines.values()} == {"new"}
    own = selectors.lines_for_seller(seller=market["cam_my"])
    assert [line.title for line in own] == ["Chè xanh Cẩm Mỹ"]


def test_a_seller_moves_its_line_to_shipped(client, market):
    user = market["cam_my"].partner.users.get()
    client.force_login(user)
    page = client.get(reverse("workspace:lines")).content.decode()
    assert "Chè xanh Cẩm Mỹ" in page and "Bưởi Đoan Hùng" not in page
    line = market["order"].lines.get(partner=market["cam_my"].partner)
    for status in ("confirmed", "packed", "shipped"):
        response = client.post(
            reverse("workspace:line-status", kwargs={"pk": line.pk}), {"status": status}
        )
        assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == "shipped"


def test_skipping_a_step_is_refused_with_a_message(client, market):
    client.force_login(market["cam_my"].partner.users.get())
    line = market["order"].lines.get(partner=market["cam_my"].partner)
    response = client.post(
        reverse("workspace:line-status", kwargs={"pk": line.pk}),
        {"status": "delivered"},
        follow=True,
    )
    assert response.status_code == 200
    line.refresh_from_db()
    assert line.status == "new"


def test_statement_csv_has_gross_commission_and_net(client, market, settings):
    settings.MARKETPLACE_COMMISSION_RATE = "10"
    client.force_login(market["cam_my"].partner.users.get())
    placed = market["order"].date_placed
    response = client.get(
        reverse("workspace:statement-csv"), {"year": placed.year, "month": placed.month}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2] == "Chè xanh Cẩm Mỹ"
    assert rows[1][5:] == ["300000", "30000", "270000"]
    assert rows[-1][5:] == ["300000", "30000", "270000"]
    assert len(rows) == 3  # header, Cẩm Mỹ's one line, total: no Đoan Hùng line


def test_a_sellers_own_commission_rate_overrides_the_default(market):
    market["cam_my"].commission_rate = Decimal("5")
    placed = market["order"].date_placed
    result = selectors.statement(
        seller=market["cam_my"], year=placed.year, month=placed.month
    )
    assert result["totals"] == {"gross": 300000, "commission": 15000, "net": 285000}


def test_sales_summary_counts_the_sellers_orders_and_revenue(client, market):
    summary = selectors.sales_summary(seller=market["doan_hung"])
    assert summary["orders"] == 1 and summary["revenue"] == 80000
    assert summary["top_products"][0]["title"] == "Bưởi Đoan Hùng"
    client.force_login(market["doan_hung"].partner.users.get())
    page = client.get(reverse("workspace:summary")).content.decode()
    assert "Bưởi Đoan Hùng" in page and "Chè xanh" not in page


def test_bad_statement_months_are_404_not_500(client, market):
    client.force_login(market["cam_my"].partner.users.get())
    for query in ({"month": "13"}, {"year": "abc"}, {"month": "0"}):
        assert client.get(reverse("workspace:statement-csv"), query).status_code == 404


def test_staff_see_every_seller_and_choose_a_statement(client, market):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("workspace:lines")).content.decode()
    assert "Chè xanh Cẩm Mỹ" in page and "Bưởi Đoan Hùng" in page
    response = client.get(
        reverse("workspace:statement"), {"seller": market["doan_hung"].slug}
    )
    assert "Bưởi Đoan Hùng" in response.content.decode()


def test_the_shopper_sees_the_status_of_each_sellers_parcel(client, market):
    from sellers import services

    shopper = UserFactory()
    order = market["order"]
    order.user = shopper
    order.save()
    line = order.lines.get(partner=market["cam_my"].partner)
    for status in ("confirmed", "packed", "shipped"):
        services.line_status_set(
            seller=market["cam_my"], line_pk=line.pk, status=status
        )
    client.force_login(shopper)
    response = client.get(
        reverse("customer:order", kwargs={"order_number": order.number})
    )
    page = response.content.decode()
    assert response.status_code == 200
    parcels = page[page.index('class="parcels"') :]
    assert re.search(r"Chè Cẩm Mỹ</strong>.*?Đang giao", parcels, re.S)
    assert re.search(r"Bưởi Đoan Hùng</strong>.*?Mới", parcels, re.S)


@pytest.mark.parametrize(
    "field, value",
    [("phone", "024 3825 1234"), ("ward", "999999"), ("province", "abc")],
)
def test_profile_bad_input_gets_a_field_message(client, market, field, value):
    seller = market["cam_my"]
    client.force_login(seller.partner.users.get())
    data = {**profile_form(seller), field: value}
    response = client.post(reverse("workspace:profile"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    seller.refresh_from_db()
    assert seller.representative != "Hà"


def test_a_non_image_logo_is_refused(client, market):
    from django.core.files.uploadedfile import SimpleUploadedFile

    seller = market["cam_my"]
    client.force_login(seller.partner.users.get())
    data = {
        **profile_form(seller),
        "logo": SimpleUploadedFile("logo.png", b"<?php echo 1; ?>"),
    }
    response = client.post(reverse("workspace:profile"), data)
    assert "logo" in response.context["form"].errors


def profile_form(seller) -> dict:
    return {
        "representative": "Hà",
        "phone": "0912345678",
        "province": 25,
        "ward": seller.ward,
    }


def test_a_seller_finds_its_workspace_in_the_dashboard_menu(client, market):
    client.force_login(market["cam_my"].partner.users.get())
    menu = client.get("/dashboard/").content.decode()
    for name in ("lines", "summary", "statement", "profile"):
        assert reverse(f"workspace:{name}") in menu
    assert reverse("sellers-dashboard:queue") not in menu
    assert "Gian hàng của tôi" in menu


def test_a_seller_sets_fees_weight_bands_and_free_shipping(client, market):
    client.force_login(market["cam_my"].partner.users.get())
    page = client.get("/dashboard/shop/shipping/")
    assert page.context["form"]["same_province_fee"].value() == 30000
    response = client.post(
        "/dashboard/shop/shipping/",
        {
            "same_province_fee": 15000,
            "other_province_fee": 40000,
            "free_from": 500000,
            "bands-TOTAL_FORMS": 2,
            "bands-INITIAL_FORMS": 0,
            "bands-0-over_grams": 2000,
            "bands-0-surcharge": 10000,
            "bands-1-over_grams": "",
            "bands-1-surcharge": "",
        },
    )
    assert response.status_code == 302
    rule = market["cam_my"].partner.shipping_rule
    assert (rule.same_province_fee, rule.other_province_fee, rule.free_from) == (
        15000,
        40000,
        500000,
    )
    assert list(rule.weight_bands.values_list("over_grams", "surcharge")) == [
        (2000, 10000)
    ]


def test_a_negative_fee_gets_a_field_message(client, market):
    client.force_login(market["cam_my"].partner.users.get())
    response = client.post(
        "/dashboard/shop/shipping/",
        {
            "same_province_fee": -1,
            "other_province_fee": 40000,
            "bands-TOTAL_FORMS": 0,
            "bands-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["same_province_fee"]


def test_a_seller_finds_its_2025_commune_from_the_old_address(client, market):
    seller = market["cam_my"]
    client.force_login(seller.partner.users.get())
    data = {
        **profile_form(seller),
        "ward": "",
        "old_address": "Xóm Cẩm Mỹ, xã Tất Thắng, huyện Thanh Sơn, Phú Thọ",
    }
    shown = client.post(reverse("workspace:profile"), {**data, "find_new_unit": "1"})
    form = shown.context["form"]
    cu_dong = form["ward"].value()
    assert "nay là Xã Cự Đồng, Phú Thọ" in shown.content.decode()
    seller.refresh_from_db()
    assert seller.representative != "Hà"  # only shown, not saved

    saved = client.post(reverse("workspace:profile"), {**data, "ward": cu_dong})
    assert saved.status_code == 302
    seller.refresh_from_db()
    assert seller.ward == int(cu_dong) and seller.representative == "Hà"
    assert "Xã Cự Đồng, Phú Thọ" in seller.address_label
