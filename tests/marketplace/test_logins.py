"""Login throttling: the brute force of the probe (30 admin passwords in 22 s,
all tried) now stops after 5, on every login form, with a Vietnamese page."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

LOGIN_FORMS = {
    "/accounts/login/": ("login-username", "login-password", {"login_submit": "1"}),
    "/cms/login/": ("username", "password", {}),
    "/django-admin/login/": ("username", "password", {}),
}


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="quantri", email="quantri@example.com", password="dung-mat-khau"
    )


def attempt(client, url, password, login="quantri@example.com", address="10.0.0.7"):
    username_field, password_field, extra = LOGIN_FORMS[url]
    if url != "/accounts/login/" and "@" in login:
        login = "quantri"
    return client.post(
        url,
        {username_field: login, password_field: password, **extra},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_five_wrong_passwords_lock_the_account_from_that_address(
    client, admin_user, url
):
    for _ in range(4):
        assert attempt(client, url, "sai-mat-khau").status_code == 200
    assert attempt(client, url, "sai-mat-khau").status_code == 429  # the fifth
    locked = attempt(client, url, "dung-mat-khau")  # now even the right one
    assert locked.status_code == 429
    assert "Quá nhiều lần thử" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    # The same account from another address still logs in: a stranger cannot
    # lock a seller out of its shop.
    assert attempt(client, url, "dung-mat-khau", address="10.0.0.8").status_code == 302


def test_changing_the_case_of_the_email_buys_no_extra_attempts(client, admin_user):
    for login in [
        "quantri@example.com",
        "QUANTRI@example.com",
        "QuanTri@Example.com",
    ] * 2:
        attempt(client, "/accounts/login/", "sai-mat-khau", login=login)
    assert attempt(client, "/accounts/login/", "dung-mat-khau").status_code == 429


def test_staff_unlock_an_account_in_the_admin(client, admin_user):
    for _ in range(5):
        attempt(client, "/accounts/login/", "sai-mat-khau")
    assert attempt(client, "/accounts/login/", "dung-mat-khau").status_code == 429

    from axes.models import AccessAttempt

    staff = get_user_model().objects.create_superuser(
        username="nhanvien", email="nhanvien@example.com", password="x"
    )
    client.force_login(staff)
    [locked] = AccessAttempt.objects.all()
    response = client.post(
        f"/django-admin/axes/accessattempt/{locked.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    client.logout()
    assert attempt(client, "/accounts/login/", "dung-mat-khau").status_code == 302


@pytest.mark.parametrize("url", ["/password-reset/", "/cms/password_reset/"])
def test_password_reset_emails_are_throttled(client, admin_user, url):
    statuses = [
        client.post(url, {"email": "quantri@example.com"}, REMOTE_ADDR="10.0.0.9")
        for _ in range(7)
    ]
    assert [r.status_code for r in statuses[:5]] == [302] * 5
    assert [r.status_code for r in statuses[5:]] == [429] * 2
    assert "Quá nhiều lần thử" in statuses[-1].content.decode()
    assert len(mail.outbox) == 5


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy trusted: the header is the client's
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "192.0.2.1, 203.0.113.7", "203.0.113.7"),  # the claimed one is skipped
        (2, "192.0.2.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),  # CDN + balancer
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (2, "203.0.113.7", "10.0.0.2"),  # fewer hops than trusted
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_client_address_behind_trusted_proxies(
    rf, settings, proxies, forwarded, expected
):
    from marketplace.logins import client_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_behind_the_balancer_one_shoppers_mistakes_lock_only_that_shopper(
    client, admin_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    url = "/accounts/login/"
    username_field, password_field, extra = LOGIN_FORMS[url]

    def through_proxy(viewer, password):
        return client.post(
            url,
            {username_field: "quantri@example.com", password_field: password, **extra},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=viewer,
        )

    for _ in range(5):
        through_proxy("203.0.113.7", "sai-mat-khau")
    assert through_proxy("203.0.113.7", "dung-mat-khau").status_code == 429
    assert through_proxy("198.51.100.9", "dung-mat-khau").status_code == 302
