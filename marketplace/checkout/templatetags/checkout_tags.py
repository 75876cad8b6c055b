from django import template

register = template.Library()


@register.simple_tag
def seller_shipping_fees(shipping_method, basket) -> list:
    """[(seller, fee)] for the basket's parcels, for per-seller totals."""
    fees = getattr(shipping_method, "fees_by_seller", None)
    return sorted(fees(basket).items(), key=lambda item: item[0].name) if fees else []


@register.simple_tag
def bank_transfer(payment):
    """The VietQR transfer still awaited for this payment, or None."""
    from marketplace.checkout.payments.selectors import transfer_for

    return transfer_for(payment=payment) if payment else None
