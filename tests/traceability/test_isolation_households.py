"""Every tenant stays in its room: (own seller, other seller, customer,
anonymous, staff) × every member-household page and action over HTX Chè Cẩm
Mỹ's households."""

import pytest
from django.urls import reverse

from tests.factories import PHU_THO, XA_DOAN_HUNG
from tests.sellers.test_isolation import ALLOWED, ROLES, login, refused
from tests.traceability.households import cam_my_households
from traceability.models import BatchHousehold, Household, Plot

pytestmark = pytest.mark.django_db


def seller_query(market) -> dict:
    """Staff name the seller; for anyone else ?seller= is ignored."""
    return {"seller": market["cam_my"].slug}


def snapshot():
    return (
        sorted(Household.objects.values_list("head_name", "partner_id")),
        sorted(Plot.objects.values_list("name", "household_id")),
        sorted(BatchHousehold.objects.values_list("household_id", "quantity_kg")),
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_households_page(client, market, role):
    cam_my_households(market)
    login(client, role, market)
    url = reverse("trace-workspace:households")
    response = client.get(url, seller_query(market))
    if role in ALLOWED:
        assert response.status_code == 200
        assert "Trần Thị Bình" in response.content.decode()
    elif role == "other":
        assert response.status_code == 200
        assert "Trần Thị Bình" not in response.content.decode()
        assert "0912345678" not in response.content.decode()
    else:
        assert refused(response)


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_household_and_a_plot(client, market, role):
    data = cam_my_households(market)
    login(client, role, market)
    url = reverse("trace-workspace:households") + f"?seller={market['cam_my'].slug}"
    before = snapshot()
    client.post(
        url,
        {
            "head_name": "Người lạ",
            "village": "Thôn Lạ",
            "province": PHU_THO,
            "ward": XA_DOAN_HUNG,
        },
    )
    plot = client.post(
        url,
        {
            "add_plot": "1",
            "farm": data["batch"].farm_id,
            "name": "Lô lạ",
            "household": data["an"].pk,
        },
    )
    added = Household.objects.filter(head_name="Người lạ").first()
    if role in ALLOWED:
        assert added.partner == market["cam_my"].partner
        assert Plot.objects.filter(name="Lô lạ", household=data["an"]).exists()
    elif role == "other":
        # Its own household, at most; never a plot on Cẩm Mỹ's farm.
        assert added is None or added.partner == market["doan_hung"].partner
        assert plot.status_code == 200  # the farm is not among its choices
        assert not Plot.objects.filter(name="Lô lạ").exists()
    else:
        assert refused(plot)
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_crediting_a_household_with_a_harvest(client, market, role):
    data = cam_my_households(market)
    login(client, role, market)
    before = snapshot()
    url = reverse("trace-workspace:batch", kwargs={"pk": data["batch"].pk})
    response = client.post(
        url, {"household_share": "1", "household": data["binh"].pk, "quantity_kg": "99"}
    )
    share = BatchHousehold.objects.get(household=data["binh"])
    if role in ALLOWED:
        assert response.status_code == 302 and share.quantity_kg == 99
    else:
        assert refused(response)
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_the_households_statement(client, market, role):
    from traceability import services

    data = cam_my_households(market)
    services.line_batch_assign(line=market["line"], batch=data["batch"])
    login(client, role, market)
    placed = market["order"].date_placed
    response = client.get(
        reverse("trace-workspace:household-statement"),
        {"year": placed.year, "month": placed.month, **seller_query(market)},
    )
    if role in ALLOWED:
        assert response.status_code == 200
        assert "Trần Thị Bình" in response.content.decode("utf-8-sig")
    elif role == "other":
        assert response.status_code == 200
        assert "Trần Thị Bình" not in response.content.decode("utf-8-sig")
    else:
        assert refused(response)
