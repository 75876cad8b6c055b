"""A helper's pages, the household's helpers page and staff approval."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.test.factories import UserFactory

from community import services
from community.models import CommunityHelper, HelperAction, HelperRight
from community.services import household_apply
from tests.community.conftest import act_for
from tests.factories import PHU_THO, VALID_TAX_CODE, XA_DOAN_HUNG, seller_product

pytestmark = pytest.mark.django_db


def application(**overrides):
    data = {
        "given_by": "Nguyễn Thị Lan",
        "consent_method": "paper",
        "consent_given_at": (timezone.localtime() - timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "province": PHU_THO,
        "ward": XA_DOAN_HUNG,
        "street": "Xóm Đồng",
        "name": "Hộ bà Lan – Bưởi Đoan Hùng",
        "legal_name": "Hộ kinh doanh Nguyễn Thị Lan",
        "tax_code": VALID_TAX_CODE,
        "representative": "Nguyễn Thị Lan",
        "phone": "0912345678",
        "email": "ho-ba-lan@example.com",
        "registration_number": "18.07.000123",
    }
    data.update(overrides)
    return data


def with_scan(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        **data,
        "registration_file": SimpleUploadedFile(
            "dang-ky.pdf", b"%PDF-1.4\n", content_type="application/pdf"
        ),
    }


def test_a_helper_applies_for_a_household_with_its_consent(client, make_helper):
    helper = make_helper()
    client.force_login(helper.user)
    response = client.post(reverse("community:apply"), with_scan(application()))
    assert response.status_code == 302, response.context["form"].errors
    consent = helper.consents.get()
    seller = consent.seller
    assert seller.kind == "household" and seller.status == "applied"
    assert consent.given_by == "Nguyễn Thị Lan" and consent.method == "paper"
    assert consent.given_at < timezone.now()
    assert not seller.partner.users.exists()  # the helper gets no shop of its own
    page = client.get(reverse("community:home")).content.decode()
    assert "Hộ bà Lan – Bưởi Đoan Hùng" in page and "Nguyễn Thị Lan" in page


def test_a_helper_applies_only_in_its_own_communes(client, make_helper):
    from vietnam import places

    helper = make_helper()
    client.force_login(helper.user)
    elsewhere = next(
        code for code, _ in places.ward_choices(PHU_THO) if code != XA_DOAN_HUNG
    )
    response = client.post(
        reverse("community:apply"), with_scan(application(ward=elsewhere))
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ward"]
    assert not helper.consents.exists()


def test_consent_in_the_future_is_refused(client, make_helper):
    helper = make_helper()
    client.force_login(helper.user)
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("community:apply"), with_scan(application(consent_given_at=later))
    )
    assert response.status_code == 200 and not helper.consents.exists()


@pytest.mark.parametrize("who", ["anonymous", "customer", "withdrawn"])
def test_only_approved_helpers_reach_the_helper_pages(client, make_helper, who):
    if who == "customer":
        client.force_login(UserFactory())
    elif who == "withdrawn":
        helper = make_helper()
        services.helper_withdraw(helper=helper)
        client.force_login(helper.user)
    for name in ("community:home", "community:apply"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403)


def household(make_helper):
    from sellers import services as seller_services

    helper = make_helper()
    seller = household_apply(
        helper=helper,
        name="Hộ bà Lan",
        given_by="Nguyễn Thị Lan",
        method="in_person",
        given_at=timezone.now(),
        legal_name="Hộ kinh doanh Nguyễn Thị Lan",
        tax_code=VALID_TAX_CODE,
        representative="Nguyễn Thị Lan",
        phone="0912345678",
        email="ho-ba-lan@example.com",
        province=PHU_THO,
        ward=XA_DOAN_HUNG,
    )
    owner = seller_services.seller_approve(profile=seller)
    seller.refresh_from_db()
    return helper, seller, owner


def test_the_household_grants_sees_the_log_and_revokes(client, make_helper):
    helper, seller, owner = household(make_helper)
    pomelo = seller_product(seller, title="Bưởi Đoan Hùng", num_in_stock=20)
    client.force_login(owner)
    url = reverse("helpers-workspace:list")
    assert "Nguyễn Thị Lan" in client.get(url).content.decode()
    client.post(url, {"rights": [HelperRight.STOCK]})
    grant = helper.grants.get()
    assert grant.rights == ["stock"] and grant.granted_by == owner

    helper_client = Client()
    act_for(helper_client, helper, seller)
    record = pomelo.stockrecords.get()
    helper_client.post(
        reverse("workspace:stock"), {"record": record.pk, "num_in_stock": 35}
    )
    log = client.get(url).content.decode()
    assert "Bưởi Đoan Hùng: 20 → 35" in log

    client.post(url, {"revoke": grant.pk})
    grant.refresh_from_db()
    assert grant.revoked_by == owner and not grant.is_active
    response = helper_client.post(
        reverse("workspace:stock"), {"record": record.pk, "num_in_stock": 0}
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.num_in_stock == 35 and HelperAction.objects.count() == 1


def test_only_the_households_own_user_grants(make_helper):
    from django.core.exceptions import PermissionDenied

    helper, seller, owner = household(make_helper)
    for user in (helper.user, UserFactory(is_staff=True)):
        with pytest.raises(PermissionDenied):
            services.helper_grant(
                seller=seller, helper=helper, rights=["stock"], granted_by=user
            )


def test_staff_approve_a_helper_for_named_communes(client, staff):
    user = UserFactory(email="to-cns@example.com")
    client.force_login(staff)
    url = reverse("community:staff-helpers")
    response = client.post(
        url,
        {
            "email": "TO-CNS@example.com",
            "team": "Tổ CNS xã Đoan Hùng",
            "phone": "0912 345 678",
            "province": PHU_THO,
            "wards": [XA_DOAN_HUNG],
        },
    )
    assert response.status_code == 302
    helper = CommunityHelper.objects.get(user=user)
    assert [c.ward for c in helper.communes.all()] == [XA_DOAN_HUNG]
    assert helper.approved_by == staff and helper.phone == "0912345678"
    withdraw = f'name="withdraw" value="{helper.pk}"'
    assert withdraw in client.get(url).content.decode()
    client.post(url, {"withdraw": helper.pk})
    helper.refresh_from_db()
    assert helper.status == "withdrawn"
    assert withdraw not in client.get(url).content.decode()


def test_customers_cannot_approve_helpers(client):
    client.force_login(UserFactory())
    assert client.get(reverse("community:staff-helpers")).status_code == 403


@pytest.mark.parametrize("bad", ["abc", "١٢", "99999999"])
def test_withdrawing_a_helper_that_is_not_one_is_a_404_not_a_500(client, staff, bad):
    client.force_login(staff)
    url = reverse("community:staff-helpers")
    assert client.post(url, {"withdraw": bad}).status_code == 404
