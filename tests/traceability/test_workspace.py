from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.test.factories import UserFactory

from tests.factories import PHU_THO, XA_DOAN_HUNG, seller_product
from traceability import services
from traceability.models import Batch, Farm

pytestmark = pytest.mark.django_db
ROLES = ["own", "other", "customer", "anonymous", "staff"]


@pytest.fixture
def trace(market):
    cam_my = market["cam_my"]
    farm = services.farm_create(
        partner=cam_my.partner, name="Đồi chè số 1", province=PHU_THO, ward=XA_DOAN_HUNG
    )
    batch = services.batch_create(
        partner=cam_my.partner,
        product=market["tea"],
        farm=farm,
        produced_on=timezone.localdate() - timedelta(days=10),
        quantity=100,
    )
    return {**market, "farm": farm, "batch": batch}


def login(client, role, trace):
    users = {
        "own": lambda: trace["cam_my"].partner.users.get(),
        "other": lambda: trace["doan_hung"].partner.users.get(),
        "customer": UserFactory,
        "staff": lambda: UserFactory(is_staff=True, is_superuser=True),
    }
    if role != "anonymous":
        client.force_login(users[role]())


def test_a_seller_creates_a_farm_and_a_batch_with_a_generated_lot_code(client, trace):
    client.force_login(trace["cam_my"].partner.users.get())
    response = client.post(
        reverse("trace-workspace:farms"),
        {
            "name": "Đồi chè số 2",
            "province": PHU_THO,
            "ward": XA_DOAN_HUNG,
            "area_hectares": "2.5",
        },
    )
    assert response.status_code == 302
    farm = Farm.objects.get(name="Đồi chè số 2")
    response = client.post(
        reverse("trace-workspace:batches"),
        {
            "product": trace["tea"].pk,
            "farm": farm.pk,
            "produced_on": "2026-10-01",
            "quantity": 50,
        },
    )
    batch = Batch.objects.get(farm=farm)
    assert response["Location"] == reverse(
        "trace-workspace:batch", kwargs={"pk": batch.pk}
    )
    assert batch.lot_code == "CM-2026-002"  # the fixture's batch is CM-2026-001
    assert batch.partner == trace["cam_my"].partner


def test_a_seller_cannot_pick_another_sellers_product_or_farm(client, trace):
    pomelo = seller_product(trace["doan_hung"], title="Bưởi")
    client.force_login(trace["cam_my"].partner.users.get())
    response = client.post(
        reverse("trace-workspace:batches"),
        {"product": pomelo.pk, "produced_on": "2026-10-01", "quantity": 5},
    )
    assert response.status_code == 200 and "product" in response.context["form"].errors
    assert not Batch.objects.filter(product=pomelo).exists()


def test_bad_dates_get_field_messages(client, trace):
    client.force_login(trace["cam_my"].partner.users.get())
    response = client.post(
        reverse("trace-workspace:batches"),
        {
            "product": trace["tea"].pk,
            "produced_on": "2026-10-05",
            "packed_on": "2026-10-01",
            "expires_on": "2026-09-01",
            "quantity": 5,
        },
    )
    errors = response.context["form"].errors
    assert "packed_on" in errors and "expires_on" in errors


def test_a_record_from_the_phone_form_lands_in_the_chain(client, trace):
    client.force_login(trace["cam_my"].partner.users.get())
    url = reverse("trace-workspace:batch", kwargs={"pk": trace["batch"].pk})
    response = client.post(
        url, {"kind": "harvest", "occurred_at": "2026-10-01T06:30", "note": "Hái tay"}
    )
    assert response.status_code == 302
    event = trace["batch"].events.get()
    assert (
        event.note == "Hái tay"
        and event.actor.partners.get() == trace["cam_my"].partner
    )
    assert "Chuỗi ghi chép còn nguyên vẹn" in client.get(url).content.decode()


def test_a_harvest_inside_the_preharvest_interval_asks_for_confirmation(client, trace):
    client.force_login(trace["cam_my"].partner.users.get())
    url = reverse("trace-workspace:batch", kwargs={"pk": trace["batch"].pk})
    client.post(
        url,
        {
            "kind": "input",
            "occurred_at": "2026-09-20T07:00",
            "input_name": "Phân bón lá",
            "input_dose": "2 lít/ha",
            "preharvest_interval_days": 10,
        },
    )
    response = client.post(url, {"kind": "harvest", "occurred_at": "2026-09-25T07:00"})
    assert response.status_code == 200 and response.context["preharvest_clashes"]
    assert trace["batch"].events.count() == 1
    client.post(
        url,
        {
            "kind": "harvest",
            "occurred_at": "2026-09-25T07:00",
            "confirm_preharvest": "on",
        },
    )
    assert trace["batch"].events.count() == 2


def test_recall_from_the_workspace(client, trace):
    client.force_login(trace["cam_my"].partner.users.get())
    url = reverse("trace-workspace:batch", kwargs={"pk": trace["batch"].pk})
    assert client.post(url, {"recall": "1", "reason": ""}).status_code == 200
    client.post(url, {"recall": "1", "reason": "Dư lượng vượt ngưỡng"})
    trace["batch"].refresh_from_db()
    assert trace["batch"].is_recalled


@pytest.mark.parametrize("role", ROLES)
def test_batches_stay_in_their_sellers_room(client, trace, role):
    login(client, role, trace)
    batch = trace["batch"]
    url = reverse("trace-workspace:batch", kwargs={"pk": batch.pk})
    pages = [
        client.get(url),
        client.get(reverse("trace-workspace:batch-qr", kwargs={"pk": batch.pk})),
    ]
    client.post(
        url, {"kind": "harvest", "occurred_at": "2026-10-01T06:30", "note": "xâm nhập"}
    )
    client.post(url, {"recall": "1", "reason": "xâm nhập"})
    batch.refresh_from_db()
    listing = client.get(reverse("trace-workspace:batches"))
    if role in ("own", "staff"):
        assert all(page.status_code == 200 for page in pages)
        assert batch.events.count() == 1 and batch.is_recalled
    else:
        assert all(page.status_code in (302, 403, 404) for page in pages)
        assert batch.events.count() == 0 and not batch.is_recalled
        if role == "other":
            assert batch.lot_code not in listing.content.decode()
