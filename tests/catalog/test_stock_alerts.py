"""Stock alerts ("Báo tôi khi có hàng") on Oscar's ProductAlert: with or
without an account, confirmed by email, told once when stock returns."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory

from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db(transaction=True)
ProductAlert = get_model("customer", "ProductAlert")


@pytest.fixture
def sold_out(db):
    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    tea = seller_product(seller, title="Chè móc câu", num_in_stock=0)
    mail.outbox.clear()
    return tea


def restock(product, units=5):
    record = product.stockrecords.get()
    record.num_in_stock = units
    record.save()


def test_the_out_of_stock_page_offers_the_alert(client, sold_out):
    body = client.get(sold_out.get_absolute_url()).content.decode()
    assert "Báo tôi khi có hàng" in body
    assert reverse("catalogue:stock-alert", kwargs={"pk": sold_out.pk}) in body


def test_without_an_account_confirm_by_email_then_told_once(client, sold_out, settings):
    settings.SITE_URL = "https://cho-ocop.example"
    url = reverse("catalogue:stock-alert", kwargs={"pk": sold_out.pk})
    response = client.post(url, {"email": "lan@example.com"}, follow=True)
    assert "lan@example.com" in response.content.decode()
    alert = ProductAlert.objects.get()
    assert alert.status == ProductAlert.UNCONFIRMED
    (confirmation,) = mail.outbox
    assert confirmation.to == ["lan@example.com"]
    link = re.search(r"https://cho-ocop\.example(\S+/confirm/\S+)", confirmation.body)
    assert link, confirmation.body

    restock(sold_out)  # not confirmed yet: nobody is told
    assert len(mail.outbox) == 1
    sold_out.stockrecords.update(num_in_stock=0)

    client.get(link.group(1))
    alert.refresh_from_db()
    assert alert.status == ProductAlert.ACTIVE
    restock(sold_out)
    assert len(mail.outbox) == 2
    notice = mail.outbox[1]
    assert (
        "Chè móc câu" in notice.subject and "https://cho-ocop.example/" in notice.body
    )
    alert.refresh_from_db()
    assert alert.status == ProductAlert.CLOSED

    restock(sold_out, units=9)  # stock saved again: no second email
    assert len(mail.outbox) == 2


def test_with_an_account_the_alert_is_active_at_once(client, sold_out):
    user = UserFactory(email="binh@example.com")
    client.force_login(user)
    url = reverse("catalogue:stock-alert", kwargs={"pk": sold_out.pk})
    client.post(url, {"email": ""})
    alert = ProductAlert.objects.get()
    assert alert.user == user and alert.status == ProductAlert.ACTIVE
    assert mail.outbox == []
    body = client.get(sold_out.get_absolute_url()).content.decode()
    assert "Chúng tôi sẽ gửi email cho bạn khi có hàng trở lại." in body
    restock(sold_out)
    assert [message.to for message in mail.outbox] == [["binh@example.com"]]


@pytest.mark.parametrize("email", ["", "not-an-email", "x" * 300 + "@example.com"])
def test_bad_input_gets_a_message_never_a_500(client, sold_out, email):
    url = reverse("catalogue:stock-alert", kwargs={"pk": sold_out.pk})
    response = client.post(url, {"email": email}, follow=True)
    assert response.status_code == 200
    assert not ProductAlert.objects.exists()


def test_an_unknown_product_is_404(client, sold_out):
    url = reverse("catalogue:stock-alert", kwargs={"pk": 999999})
    assert client.post(url, {"email": "lan@example.com"}).status_code == 404
