"""The VietQR code on the confirmation page, read back by a real QR decoder."""

import base64
import binascii
import re
import shutil
import subprocess

import pytest

from tests.factories import active_seller, seller_product

pytestmark = pytest.mark.django_db


def tlv(payload: str) -> dict:
    """EMVCo fields: two-digit id, two-digit length, value."""
    fields, index = {}, 0
    while index < len(payload):
        key, size = payload[index : index + 2], int(payload[index + 2 : index + 4])
        fields[key] = payload[index + 4 : index + 4 + size]
        index += 4 + size
    return fields


@pytest.mark.skipif(
    not shutil.which("zbarimg"), reason="zbarimg (Debian zbar-tools) is missing"
)
def test_the_confirmation_page_shows_a_vietqr_for_the_exact_amount(
    client, checkout, in_basket, settings, tmp_path
):
    settings.VIETQR_BANK_BIN = "970415"
    settings.VIETQR_ACCOUNT_NUMBER = "113366668888"
    settings.MARKETPLACE_SHIPPING_FEE_PER_SELLER = "30000"
    seller = active_seller()
    in_basket(seller_product(seller, title="Chè xanh Cẩm Mỹ", price=150000), 2)
    assert checkout(payment_method="vietqr").status_code == 302

    page = client.get("/checkout/thank-you/").content.decode()
    order = client.session["checkout_order_id"]
    png = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    image = tmp_path / "vietqr.png"
    image.write_bytes(base64.b64decode(png))
    payload = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    fields = tlv(payload)
    assert fields["00"] == "01" and fields["01"] == "12"  # dynamic: has an amount
    account = tlv(fields["38"])
    assert account["00"] == "A000000727"  # NAPAS
    beneficiary = tlv(account["01"])
    assert beneficiary == {"00": "970415", "01": "113366668888"}
    assert account["02"] == "QRIBFTTA"  # transfer to an account number
    assert fields["53"] == "704" and fields["58"] == "VN"
    assert fields["54"] == "330000"
    from oscar.core.loading import get_model

    number = get_model("order", "Order").objects.get(pk=order).number
    assert tlv(fields["62"])["08"] == f"DH{number}"
    assert payload[-8:-4] == "6304"
    crc = binascii.crc_hqx(payload[:-4].encode(), 0xFFFF)
    assert fields["63"] == f"{crc:04X}"
    assert f"DH{number}" in page and "Chờ thanh toán" in page
