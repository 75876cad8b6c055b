from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.test.factories import UserFactory
from PIL import Image

from sellers.forms import SellerApplicationForm
from sellers.models import SellerProfile, SellerStatus
from tests.factories import (
    PHU_THO,
    XA_DOAN_HUNG,
    active_seller,
    ocop_product,
    seller_application,
)

pytestmark = pytest.mark.django_db
APPLY = "/sellers/dang-ky/"


def pdf(name="dang-ky.pdf", size=2000):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf"
    )


def png(name="logo.png"):
    buffer = BytesIO()
    Image.new("RGB", (120, 120), (30, 110, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def application(**overrides):
    data = {
        "name": "HTX Mật ong Minh Đài",
        "kind": "cooperative",
        "legal_name": "Hợp tác xã Mật ong Minh Đài",
        "tax_code": "0100109106",
        "representative": "Trần Thị Bình",
        "phone": "+84 912 345 678",
        "email": "minhdai@example.com",
        "street": "Thôn Đồng Bằng",
        "province": PHU_THO,
        "ward": XA_DOAN_HUNG,
        "story": "Nuôi ong trên đồi keo từ năm 1998.",
        "registration_number": "18.07.000123",
        "registration_file": pdf(),
        "logo": png(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def page(response) -> str:
    return response.content.decode()


def test_a_cooperative_applies_from_a_phone_form(client):
    form = client.get(APPLY)
    assert form.status_code == 200
    assert 'name="registration_file"' in page(form) and 'inputmode="tel"' in page(form)
    response = client.post(APPLY, application())
    assert response.status_code == 302, response.context["form"].errors
    profile = SellerProfile.objects.get(tax_code="0100109106")
    assert profile.status == SellerStatus.APPLIED
    assert profile.phone == "0912345678"
    assert profile.partner.name == "HTX Mật ong Minh Đài"
    assert profile.slug == "htx-mat-ong-minh-dai"
    assert [d.kind for d in profile.documents.all()] == ["business_registration"]
    assert profile.logo


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"tax_code": "0100109107"}, "tax_code"),
        ({"phone": "024 3825 1234"}, "phone"),
        ({"ward": 1}, "ward"),
        ({"province": 1}, "ward"),
        ({"logo": SimpleUploadedFile("logo.png", b"not an image")}, "logo"),
        (
            {"registration_file": SimpleUploadedFile("x.exe", b"MZ")},
            "registration_file",
        ),
        ({"registration_file": None}, "registration_file"),
        ({"ocop_file": pdf("ocop.pdf")}, "ocop_number"),
    ],
)
def test_bad_input_gets_a_field_message_and_nothing_is_saved(client, overrides, field):
    response = client.post(APPLY, application(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'role="alert"' in page(response)
    assert not SellerProfile.objects.exists()


def test_an_oversized_document_is_refused(client, settings):
    settings.CATALOG_IMAGE_MAX_BYTES = 1000
    response = client.post(APPLY, application(registration_file=pdf(size=5000)))
    assert "registration_file" in response.context["form"].errors
    assert not SellerProfile.objects.exists()


def test_a_second_application_with_the_same_tax_code_is_told_clearly(client):
    seller_application(tax_code="0100109106")
    response = client.post(APPLY, application(tax_code="0100 109 106"))
    assert response.status_code == 200
    [message] = response.context["form"].errors["tax_code"]
    assert message == str(SellerApplicationForm.TAX_CODE_TAKEN)
    assert SellerProfile.objects.count() == 1


def test_choosing_a_province_without_javascript_lists_its_communes(client):
    response = client.post(APPLY, {"province": PHU_THO, "choose_province": "1"})
    assert response.status_code == 200
    assert "Xã Đoan Hùng" in page(response)
    assert 'role="alert"' not in page(response)
    assert not SellerProfile.objects.exists()


def test_storefront_shows_an_active_sellers_profile_and_products(client):
    seller = active_seller(story="Chè xanh VietGAP 15 ha.")
    product = ocop_product(title="Chè móc câu")
    product.stockrecords.update(partner=seller.partner)
    response = client.get(seller.get_absolute_url())
    assert response.status_code == 200
    assert "Chè xanh VietGAP 15 ha." in page(response)
    assert "Chè móc câu" in page(response)


def test_pending_and_suspended_storefronts_are_not_found(client):
    pending = seller_application()
    assert client.get(pending.get_absolute_url()).status_code == 404
    assert client.get("/sellers/khong-co-gian-hang/").status_code == 404


def test_directory_filters_by_province_and_ignores_bad_values(client):
    seller = active_seller()
    ocop_product(title="Chè", ocop_group="beverage").stockrecords.update(
        partner=seller.partner
    )
    name = seller.partner.name
    assert name in page(client.get("/sellers/", {"province": PHU_THO}))
    assert name not in page(client.get("/sellers/", {"province": 1}))
    assert name in page(client.get("/sellers/", {"ocop_group": "beverage"}))
    assert name not in page(client.get("/sellers/", {"ocop_group": "tourism"}))
    assert (
        client.get("/sellers/", {"province": "abc", "ocop_group": "<x>"}).status_code
        == 200
    )


def staff():
    return UserFactory(is_staff=True, is_superuser=True)


def test_staff_approve_an_application_and_the_applicant_is_invited(
    client, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://cho.example.vn"
    profile = seller_application(email="moi@example.com")
    client.force_login(staff())
    queue = client.get(reverse("sellers-dashboard:queue"))
    assert profile.partner.name in page(queue)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sellers-dashboard:review", kwargs={"pk": profile.pk}),
            {"action": "approve"},
        )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == SellerStatus.ACTIVE
    assert mail.outbox[-1].to == ["moi@example.com"]
    # The canonical origin, not the Host the staff member's request used.
    assert "https://cho.example.vn/password-reset/" in mail.outbox[-1].body
    assert "testserver" not in mail.outbox[-1].body


def test_rejecting_needs_a_reason(client):
    profile = seller_application()
    client.force_login(staff())
    url = reverse("sellers-dashboard:review", kwargs={"pk": profile.pk})
    response = client.post(url, {"action": "reject", "reason": " "})
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.status == SellerStatus.APPLIED
    client.post(url, {"action": "reject", "reason": "Thiếu giấy tờ"})
    profile.refresh_from_db()
    assert (profile.status, profile.status_reason) == (
        SellerStatus.REJECTED,
        "Thiếu giấy tờ",
    )


def test_an_impossible_transition_is_a_message_not_an_error(client):
    profile = active_seller()
    client.force_login(staff())
    url = reverse("sellers-dashboard:review", kwargs={"pk": profile.pk})
    response = client.post(url, {"action": "approve"}, follow=True)
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.status == SellerStatus.ACTIVE


@pytest.mark.parametrize("who", ["anonymous", "customer", "seller"])
def test_only_staff_reach_the_review_queue(client, who):
    profile = seller_application()
    if who == "customer":
        client.force_login(UserFactory())
    elif who == "seller":
        client.force_login(
            active_seller(
                tax_code="0312345673", email="s@example.com"
            ).partner.users.get()
        )
    for url in (
        reverse("sellers-dashboard:queue"),
        reverse("sellers-dashboard:review", kwargs={"pk": profile.pk}),
    ):
        assert client.get(url).status_code in (302, 403)
    response = client.post(
        reverse("sellers-dashboard:review", kwargs={"pk": profile.pk}),
        {"action": "approve"},
    )
    assert response.status_code in (302, 403)
    profile.refresh_from_db()
    assert profile.status == SellerStatus.APPLIED


def test_staff_find_the_queue_in_the_dashboard_menu(client):
    client.force_login(staff())
    assert reverse("sellers-dashboard:queue") in page(client.get("/dashboard/"))


def test_non_staff_cannot_tell_existing_applications_from_missing_ones(client):
    profile = seller_application()
    client.force_login(UserFactory())
    for pk in (profile.pk, profile.pk + 1000):
        url = reverse("sellers-dashboard:review", kwargs={"pk": pk})
        assert client.get(url).status_code == 403


def test_an_applicant_who_types_the_old_address_gets_the_2025_commune(client):
    old = "Xóm Đồi, xã Xuân Thủy, huyện Kim Bôi, tỉnh Hòa Bình"
    first = client.post(APPLY, application(ward=None, province=None, old_address=old))
    form = first.context["form"]
    assert "nay là Xã Nật Sơn, Phú Thọ" in form.errors["old_address"][0]
    assert not SellerProfile.objects.exists()

    again = client.post(
        APPLY,
        application(
            old_address=old,
            province=form["province"].value(),
            ward=form["ward"].value(),
        ),
    )
    assert again.status_code == 302, again.context["form"].errors
    profile = SellerProfile.objects.get()
    assert profile.address_label == "Thôn Đồng Bằng, Xã Nật Sơn, Phú Thọ"
