"""Every tenant stays in its room: (own seller, other seller, customer, anonymous,
staff) × every workspace URL and action over HTX Chè Cẩm Mỹ's data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.test.factories import UserFactory

pytestmark = pytest.mark.django_db
ROLES = ["own", "other", "customer", "anonymous", "staff"]
ALLOWED = {"own", "staff"}


def login(client, role, market):
    users = {
        "own": lambda: market["cam_my"].partner.users.get(),
        "other": lambda: market["doan_hung"].partner.users.get(),
        "customer": lambda: UserFactory(),
        "staff": lambda: UserFactory(is_staff=True, is_superuser=True),
    }
    if role != "anonymous":
        client.force_login(users[role]())


def refused(response) -> bool:
    if response.status_code == 302:
        return "login" in response["Location"]
    return response.status_code in (403, 404)


def snapshot(market):
    tea, line = market["tea"], market["line"]
    tea.refresh_from_db()
    line.refresh_from_db()
    record = tea.stockrecords.get()
    profile = market["cam_my"]
    profile.refresh_from_db()
    return (
        tea.title,
        tea.ocop_stars,
        record.price,
        record.num_in_stock,
        line.status,
        profile.status,
    )


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_line_status(client, market, role):
    login(client, role, market)
    before = snapshot(market)
    url = reverse("workspace:line-status", kwargs={"pk": market["line"].pk})
    response = client.post(url, {"status": "confirmed"})
    market["line"].refresh_from_db()
    if role in ALLOWED:
        assert response.status_code == 302 and market["line"].status == "confirmed"
    else:
        assert refused(response)
        assert snapshot(market) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", ["workspace:lines", "workspace:summary", "workspace:statement"]
)
def test_workspace_pages_never_show_another_sellers_data(client, market, role, name):
    login(client, role, market)
    placed = market["order"].date_placed
    response = client.get(reverse(name), {"year": placed.year, "month": placed.month})
    if role in ALLOWED:
        assert response.status_code == 200
        if role == "own" and name != "workspace:statement":
            assert "Chè xanh Cẩm Mỹ" in response.content.decode()
    elif role == "other":
        assert response.status_code == 200
        assert "Chè xanh Cẩm Mỹ" not in response.content.decode()
    else:
        assert refused(response)


@pytest.mark.parametrize("role", ROLES)
def test_statement_csv(client, market, role):
    login(client, role, market)
    placed = market["order"].date_placed
    query = {
        "year": placed.year,
        "month": placed.month,
        "seller": market["cam_my"].slug,
    }
    response = client.get(reverse("workspace:statement-csv"), query)
    if role in ALLOWED:
        assert response.status_code == 200
        assert "Chè xanh Cẩm Mỹ" in response.content.decode("utf-8-sig")
    elif role == "other":
        # ?seller= is for staff; a seller always gets its own statement.
        assert "Chè xanh Cẩm Mỹ" not in response.content.decode("utf-8-sig")
    else:
        assert refused(response)


@pytest.mark.parametrize("role", ROLES)
def test_editing_the_product_and_its_stock(client, market, role):
    login(client, role, market)
    before = snapshot(market)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": market["tea"].pk})
    response = client.get(url)
    if role in ALLOWED:
        assert response.status_code == 200
    else:
        assert refused(response)
    response = client.post(url, {"title": "Đã bị sửa", "stockrecords-TOTAL_FORMS": "0"})
    if role in ALLOWED:
        assert response.status_code == 200  # a malformed form: messages, not a 500
    else:
        assert refused(response)
    assert snapshot(market) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("dashboard:order-list", {}),
        ("dashboard:order-detail", {"number": None}),
        ("dashboard:order-shipping-address", {"number": None}),
    ],
)
def test_whole_orders_are_for_staff_only(client, market, role, name, kwargs):
    login(client, role, market)
    kwargs = {key: market["order"].number for key in kwargs}
    response = client.get(reverse(name, kwargs=kwargs))
    if role == "staff":
        assert response.status_code == 200
    else:
        assert refused(response)


@pytest.mark.parametrize("role", ROLES)
def test_the_review_queue_and_decisions(client, market, role):
    login(client, role, market)
    before = snapshot(market)
    url = reverse("sellers-dashboard:review", kwargs={"pk": market["cam_my"].pk})
    response = client.post(url, {"action": "suspend", "reason": "thử"})
    if role == "staff":
        assert response.status_code == 302
    else:
        assert refused(response)
        assert snapshot(market) == before


@pytest.mark.parametrize("role", ROLES)
def test_the_profile_and_its_documents(client, market, role):
    login(client, role, market)
    before = snapshot(market)
    story_before = market["cam_my"].story
    query = "?seller=" + market["cam_my"].slug
    url = reverse("workspace:profile") + query
    response = client.get(url)
    form = {
        "representative": "Người khác",
        "phone": "0911111111",
        "province": 25,
        "ward": market["cam_my"].ward,
        "story": "Đã bị sửa",
    }
    changed = client.post(url, form)
    document = client.post(
        url,
        {
            "add_document": "1",
            "kind": "other",
            "number": "X-1",
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 tai lieu"),
        },
    )
    market["cam_my"].refresh_from_db()
    documents = market["cam_my"].documents.count()
    if role in ALLOWED:
        assert response.status_code == 200
        assert changed.status_code == 302 and market["cam_my"].story == "Đã bị sửa"
        assert document.status_code == 302 and documents == 1
    else:
        assert market["cam_my"].story == story_before and documents == 0
        assert snapshot(market) == before
        if role == "other":
            # ?seller= is for staff: the other seller only ever edits its own profile.
            assert (
                market["doan_hung"]
                .__class__.objects.get(pk=market["doan_hung"].pk)
                .story
                == "Đã bị sửa"
            )
        else:
            assert refused(response) and refused(changed) and refused(document)


@pytest.mark.parametrize("role", ROLES)
def test_the_product_list_and_deleting_a_product(client, market, role):
    login(client, role, market)
    listing = client.get(reverse("dashboard:catalogue-product-list"))
    url = reverse("dashboard:catalogue-product-delete", kwargs={"pk": market["tea"].pk})
    client.post(url)
    exists = market["tea"].__class__.objects.filter(pk=market["tea"].pk).exists()
    if role in ALLOWED:
        assert "Chè xanh Cẩm Mỹ" in listing.content.decode()
        assert not exists
    else:
        assert exists
        if role == "other":
            assert listing.status_code == 200
            assert "Chè xanh Cẩm Mỹ" not in listing.content.decode()
        else:
            assert refused(listing)


@pytest.mark.parametrize("role", ROLES)
def test_shipping_fees_page_and_saving_them(client, market, role):
    from sellers.models import ShippingRule

    login(client, role, market)
    url = reverse("workspace:shipping")
    if role == "staff":
        url += f"?seller={market['cam_my'].slug}"
    response = client.post(
        url,
        {
            "same_province_fee": 15000,
            "other_province_fee": 40000,
            "bands-TOTAL_FORMS": 0,
            "bands-INITIAL_FORMS": 0,
        },
    )
    rules = dict(
        ShippingRule.objects.values_list("partner__name", "other_province_fee")
    )
    if role in ALLOWED:
        assert response.status_code == 302 and rules == {"HTX Chè Cẩm Mỹ": 40000}
    elif role == "other":
        assert rules == {"HTX Bưởi Đoan Hùng": 40000}
    else:
        assert refused(response) and rules == {}
