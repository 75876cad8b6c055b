import pytest
from oscar.test.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/dashboard/", "/cms/", "/django-admin/"])
def test_admin_opens_the_back_offices(client, home_page, path):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(path).status_code == 200


def test_a_shopper_is_refused_the_dashboard(client):
    client.force_login(UserFactory())
    assert client.get("/dashboard/").status_code == 403


@pytest.mark.parametrize("path", ["/dashboard/", "/cms/"])
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_home_is_the_wagtail_home_page(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["page"].specific.__class__.__name__ == "HomePage"
    assert "Đặc sản OCOP Phú Thọ" in response.content.decode()
