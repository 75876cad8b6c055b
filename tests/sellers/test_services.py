import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from oscar.core.loading import get_class

from sellers import services
from sellers.models import SellerStatus
from tests.factories import active_seller, ocop_product, seller_application

pytestmark = pytest.mark.django_db
Selector = get_class("partner.strategy", "Selector")


def test_approval_opens_the_shop_and_invites_the_first_user(
    django_capture_on_commit_callbacks,
):
    profile = seller_application(email="chu.nhiem@example.com")
    assert profile.status == SellerStatus.APPLIED
    assert not profile.partner.users.exists()
    with django_capture_on_commit_callbacks(execute=True):
        user = services.seller_approve(profile=profile)
    profile.refresh_from_db()
    assert profile.status == SellerStatus.ACTIVE
    assert list(profile.partner.users.all()) == [user]
    assert user.has_perm("partner.dashboard_access")
    assert not user.has_usable_password()
    [invitation] = mail.outbox
    assert invitation.to == ["chu.nhiem@example.com"]
    assert "/password-reset/confirm/" in invitation.body or "reset" in invitation.body


def test_rejection_and_change_requests_carry_a_reason_to_the_applicant(
    django_capture_on_commit_callbacks,
):
    profile = seller_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.seller_request_changes(
            profile=profile, reason="Thiếu giấy đăng ký kinh doanh"
        )
    assert profile.status == SellerStatus.CHANGES_REQUESTED
    with django_capture_on_commit_callbacks(execute=True):
        services.seller_reject(profile=profile, reason="Không phải sản phẩm OCOP")
    assert profile.status == SellerStatus.REJECTED
    assert [m.to for m in mail.outbox] == [["htx@example.com"], ["htx@example.com"]]
    assert "Không phải sản phẩm OCOP" in mail.outbox[1].body
    with pytest.raises(services.ReviewError):
        services.seller_approve(profile=profile)


def test_a_second_application_with_the_same_tax_code_is_refused():
    seller_application()
    with pytest.raises(ValidationError) as error:
        seller_application(name="HTX khác", tax_code="0100109106")
    assert "tax_code" in error.value.message_dict


def test_a_suspended_sellers_products_disappear_and_cannot_be_bought(client):
    profile = active_seller()
    product = ocop_product(title="Chè của HTX bị đình chỉ", partner_name=None)
    record = product.stockrecords.get()
    record.partner = profile.partner
    record.save()
    assert "Chè của HTX bị đình chỉ" in client.get("/catalogue/").content.decode()

    services.seller_suspend(profile=profile, reason="Vi phạm quy định")
    assert "Chè của HTX bị đình chỉ" not in client.get("/catalogue/").content.decode()
    assert (
        client.get(product.get_absolute_url()).status_code == 200
    )  # still reachable, not sold
    info = Selector().strategy().fetch_for_product(product)
    assert not info.availability.is_available_to_buy
    response = client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    assert response.status_code in (302, 200)
    assert client.get("/basket/").context["basket"].num_items == 0
    assert product.__class__.objects.filter(pk=product.pk).exists()  # nothing deleted

    services.seller_reinstate(profile=profile)
    assert "Chè của HTX bị đình chỉ" in client.get("/catalogue/").content.decode()


def test_a_stranger_who_registered_the_applicants_email_first_gets_no_workspace(
    client, django_capture_on_commit_callbacks
):
    """The takeover: register a shopper account under the applicant's email
    before approval, then log in with your own password after it."""
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user(
        username="ke-gian", email="Chu.Nhiem@example.com", password="mat-khau-ke-gian"
    )
    client.force_login(stranger)  # a session opened before the approval
    profile = seller_application(email="chu.nhiem@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        user = services.seller_approve(profile=profile)
    assert user.pk == stranger.pk

    assert client.get("/dashboard/shop/lines/").status_code != 200
    assert not client.login(
        username="chu.nhiem@example.com", password="mat-khau-ke-gian"
    )
    assert (
        client.post(
            "/accounts/login/",
            {
                "login-username": "chu.nhiem@example.com",
                "login-password": "mat-khau-ke-gian",
                "login_submit": "1",
            },
        ).status_code
        == 200
    )  # the form again, with its error

    # Whoever reads the applicant's inbox sets a password and gets in.
    [invitation] = mail.outbox
    link = next(w for w in invitation.body.split() if "/password-reset/" in w)
    path = "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"new_password1": "Che-Cam-My-2026!", "new_password2": "Che-Cam-My-2026!"},
    )
    assert response.status_code == 302
    assert client.login(username="chu.nhiem@example.com", password="Che-Cam-My-2026!")
    assert client.get("/dashboard/shop/lines/").status_code == 200
