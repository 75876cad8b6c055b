"""Outside DEBUG a shopper or a seller meets our error pages: Vietnamese, the
shop's header, a way back; 500 and 503 render without a database."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("500.html", "Xin lỗi, đã có lỗi xảy ra"),
        ("503.html", "Chợ đang tạm nghỉ một lát"),
    ],
)
def test_server_errors_render_without_a_request_or_database(template, heading):
    with translation.override("vi"):
        html = render_to_string(template)
    assert heading in html
    assert 'class="site-header"' in html and 'action="/search/"' in html
    assert "/static/oscar/" not in html


@pytest.mark.django_db
def test_an_unknown_address_gets_the_shop_404_in_vietnamese(client, home_page):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" not in html
    assert 'class="site-header"' in html and "Về trang chủ" in html


@pytest.mark.django_db
def test_a_forbidden_page_explains_itself_in_vietnamese(rf, home_page):
    request = rf.get("/dashboard/shop/")
    request.user = AnonymousUser()
    with translation.override("vi"):
        response = defaults.permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không mở được trang này" in html and 'class="site-header"' in html
