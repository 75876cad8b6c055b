"""Cooperative member households: named on the trace page only with consent,
credited with their share of sales in a CSV the HTX pays its members from."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PHU_THO, XA_DOAN_HUNG
from tests.traceability.households import cam_my_households
from traceability import services
from traceability.models import BatchHousehold

pytestmark = pytest.mark.django_db


def test_the_trace_page_names_only_households_who_consented(client, market):
    data = cam_my_households(market)
    page = client.get(f"/t/{data['batch'].public_token}").content.decode()
    assert "Hộ trồng" in page
    assert "Nguyễn Văn An (Thôn Cẩm Mỹ)" in page
    assert "Trần Thị Bình" not in page
    assert "0912345678" not in page  # phones are never public


def test_a_household_that_agrees_later_appears_despite_the_cache(client, market):
    data = cam_my_households(market)
    url = f"/t/{data['batch'].public_token}"
    assert "Trần Thị Bình" not in client.get(url).content.decode()
    binh = data["binh"]
    binh.public_consent = True
    binh.save()
    # Recording the household's harvest again moves the page's cache key.
    services.batch_household_set(batch=data["batch"], household=binh, quantity_kg=12)
    assert "Trần Thị Bình (Xóm Đồi)" in client.get(url).content.decode()
    assert BatchHousehold.objects.get(household=binh).quantity_kg == 12


def test_another_sellers_household_cannot_be_credited_or_given_a_plot(market):
    data = cam_my_households(market)
    stranger = services.household_create(
        partner=market["doan_hung"].partner,
        head_name="Lê Văn Cường",
        village="Thôn Chí Đám",
        province=PHU_THO,
        ward=XA_DOAN_HUNG,
    )
    with pytest.raises(ValidationError, match="người bán khác"):
        services.batch_household_set(
            batch=data["batch"], household=stranger, quantity_kg=5
        )
    with pytest.raises(ValidationError, match="người bán khác"):
        services.plot_create(farm=data["batch"].farm, name="Lô X", household=stranger)


def statement_rows(client, market) -> list[list[str]]:
    placed = market["order"].date_placed
    response = client.get(
        reverse("trace-workspace:household-statement"),
        {"year": placed.year, "month": placed.month},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_statement_splits_sales_by_each_households_kilograms(client, market):
    data = cam_my_households(market)
    line = market["line"]  # 2 packages of tea at 150.000 ₫
    services.line_batch_assign(line=line, batch=data["batch"])
    client.force_login(market["cam_my"].partner.users.get())

    header, *rows = statement_rows(client, market)

    assert header[0] == "Chủ hộ" and header[-1] == "Thực nhận"
    gross = line.line_price_incl_tax
    rate = market["cam_my"].effective_commission_rate
    net = gross - (gross * rate / 100).quantize(Decimal(1))
    assert rows == [
        [
            "Nguyễn Văn An",
            "Thôn Cẩm Mỹ",
            "0912345678",
            "CM-2026-040",
            "30.00",
            "75.0",
            "2",
            str(int(gross * 3 / 4)),
            str(int((net * 3 / 4).quantize(Decimal(1)))),
        ],
        [
            "Trần Thị Bình",
            "Xóm Đồi",
            "",
            "CM-2026-040",
            "10.00",
            "25.0",
            "2",
            str(int(gross / 4)),
            str(int((net / 4).quantize(Decimal(1)))),
        ],
    ]


def test_lines_from_batches_without_households_are_left_out(client, market):
    cam_my_households(market)
    client.force_login(market["cam_my"].partner.users.get())
    assert statement_rows(client, market)[1:] == []


def test_the_seller_adds_a_household_a_plot_and_a_share(client, market):
    data = cam_my_households(market)
    client.force_login(market["cam_my"].partner.users.get())
    url = reverse("trace-workspace:households")
    response = client.post(
        url,
        {
            "head_name": "Hà Văn Dũng",
            "village": "Thôn Mới",
            "province": PHU_THO,
            "ward": XA_DOAN_HUNG,
            "phone": "0987654321",
            "public_consent": "on",
        },
    )
    assert response.status_code == 302
    dung = market["cam_my"].partner.households.get(head_name="Hà Văn Dũng")
    response = client.post(
        url,
        {
            "add_plot": "1",
            "farm": data["batch"].farm_id,
            "name": "Lô C3",
            "household": dung.pk,
        },
    )
    assert response.status_code == 302 and dung.plots.get().name == "Lô C3"
    page = client.get(url).content.decode()
    assert "Hà Văn Dũng" in page and "Lô C3" in page

    batch_url = reverse("trace-workspace:batch", kwargs={"pk": data["batch"].pk})
    response = client.post(
        batch_url, {"household_share": "1", "household": dung.pk, "quantity_kg": "7,5"}
    )
    assert response.status_code in (200, 302)
    response = client.post(
        batch_url, {"household_share": "1", "household": dung.pk, "quantity_kg": "7.5"}
    )
    assert response.status_code == 302
    assert BatchHousehold.objects.get(household=dung).quantity_kg == Decimal("7.5")
    bad = client.post(
        batch_url, {"household_share": "1", "household": dung.pk, "quantity_kg": "-1"}
    )
    assert (
        bad.status_code == 200 and "quantity_kg" in bad.context["household_form"].errors
    )
