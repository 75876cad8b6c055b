"""The helper role in the isolation matrix: granted, revoked, granted on
another shop, not choosing a shop, or forging the choice; over every workspace
page and the stock and line actions on HTX Chè Cẩm Mỹ's data."""

import pytest
from django.urls import reverse

from community import services
from community.models import HelperAction, HelperRight
from tests.community.conftest import act_for

pytestmark = pytest.mark.django_db
ROLES = ["granted", "revoked", "other_shop", "unchosen", "forged"]
PAGES = [
    "workspace:home",
    "workspace:lines",
    "workspace:summary",
    "workspace:statement",
    "workspace:profile",
    "workspace:shipping",
    "workspace:stock",
    "helpers-workspace:list",
    "trace-workspace:farms",
    "trace-workspace:batches",
    "livestream-workspace:list",
]
# Cẩm Mỹ granted its helper stock only: every other page stays closed.
GRANTED_PAGES = {"workspace:stock"}


@pytest.fixture
def helpers(market, make_helper):
    cam_my, doan_hung = market["cam_my"], market["doan_hung"]
    owner = cam_my.partner.users.get()
    helper = make_helper()
    grant = services.helper_grant(
        seller=cam_my, helper=helper, rights=[HelperRight.STOCK], granted_by=owner
    )
    other = make_helper(email="other@example.com")
    services.helper_grant(
        seller=doan_hung,
        helper=other,
        rights=list(HelperRight.values),
        granted_by=doan_hung.partner.users.get(),
    )
    return {"helper": helper, "grant": grant, "other": other, "owner": owner}


def login(client, role, market, helpers):
    cam_my, doan_hung = market["cam_my"], market["doan_hung"]
    if role == "granted":
        act_for(client, helpers["helper"], cam_my)
    elif role == "revoked":
        act_for(client, helpers["helper"], cam_my)
        services.helper_revoke(
            seller=cam_my, grant_pk=helpers["grant"].pk, revoked_by=helpers["owner"]
        )
    elif role == "other_shop":
        act_for(client, helpers["other"], doan_hung)
    elif role == "unchosen":
        client.force_login(helpers["helper"].user)
    elif role == "forged":
        act_for(client, helpers["other"], cam_my)


def refused(response) -> bool:
    return response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_helper_pages(client, market, helpers, role, name):
    login(client, role, market, helpers)
    response = client.get(reverse(name))
    if role == "granted" and name in GRANTED_PAGES:
        assert response.status_code == 200
        assert "Chè xanh Cẩm Mỹ" in response.content.decode()
    elif role == "other_shop" and name in {
        "workspace:stock",
        "workspace:lines",
        "trace-workspace:farms",
        "trace-workspace:batches",
    }:
        assert response.status_code == 200
        assert "Chè xanh Cẩm Mỹ" not in response.content.decode()
    else:
        assert refused(response), response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_setting_stock(client, market, helpers, role):
    login(client, role, market, helpers)
    record = market["tea"].stockrecords.get()
    before = record.num_in_stock
    response = client.post(
        reverse("workspace:stock"), {"record": record.pk, "num_in_stock": 99}
    )
    record.refresh_from_db()
    if role == "granted":
        assert response.status_code == 302 and record.num_in_stock == 99
        action = HelperAction.objects.get()
        assert action.seller == market["cam_my"] and action.right == "stock"
        assert f"{before} → 99" in action.summary
    else:
        assert refused(response)
        assert record.num_in_stock == before
        assert not HelperAction.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_line_status(client, market, helpers, role):
    """Cẩm Mỹ did not grant order lines: even its own helper is refused."""
    login(client, role, market, helpers)
    line = market["line"]
    response = client.post(
        reverse("workspace:line-status", kwargs={"pk": line.pk}),
        {"status": "confirmed"},
    )
    line.refresh_from_db()
    assert refused(response) and line.status == "new"
    assert not HelperAction.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_helpers_never_grant_or_revoke(client, market, helpers, role):
    login(client, role, market, helpers)
    url = reverse("helpers-workspace:list")
    for data in ({"rights": list(HelperRight.values)}, {"revoke": helpers["grant"].pk}):
        assert refused(client.post(url, data))
    grant = helpers["grant"]
    grant.refresh_from_db()
    assert grant.rights == ["stock"]
    assert grant.is_active == (role != "revoked")
