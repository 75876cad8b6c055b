import base64

from django import template

register = template.Library()


@register.simple_tag
def seller_shipping_fees(shipping_method, basket) -> list:
    """[(seller, fee)] for the basket's parcels, for per-seller totals."""
    fees = getattr(shipping_method, "fees_by_seller", None)
    return sorted(fees(basket).items(), key=lambda item: item[0].name) if fees else []


@register.filter
def address_in_2025_units(address) -> str:
    """A saved address as the address book shows it: 2025 units, whatever
    names it was saved with."""
    from marketplace.checkout.selectors import saved_address_label

    return saved_address_label(address)


@register.simple_tag
def bank_transfer(payment):
    """The VietQR transfer still awaited for this payment, or None."""
    from marketplace.checkout.payments.selectors import transfer_for

    return transfer_for(payment=payment) if payment else None


@register.simple_tag
def qr_png_data_url(payload: str) -> str:
    """The VietQR code as a PNG data URL: shown, and saved with one tap by a
    shopper who pays from the same phone (no second request, no server route)."""
    from qr_code.qrcode.maker import make_qr_code_image
    from qr_code.qrcode.utils import QRCodeOptions

    options = QRCodeOptions(size="M", image_format="png", error_correction="M")
    png = make_qr_code_image(payload, qr_code_options=options)
    return "data:image/png;base64," + base64.b64encode(png).decode()
