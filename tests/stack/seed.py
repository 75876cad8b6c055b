"""Data for the stack run's recall fault, written through the services."""

from oscar.test.factories import create_basket, create_order

from traceability import notices, services
from traceability.models import Batch, BatchStatus


def buyers_of_one_batch(*, count: int) -> dict:
    """`count` guests, each with an order filled from one active batch of the
    demo's Cẩm Mỹ tea: the batch's id, lot and buyers."""
    batch = (
        Batch.objects.filter(
            status=BatchStatus.ACTIVE,
            partner__name__icontains="Cẩm Mỹ",
            product__structure="standalone",
        )
        .order_by("pk")
        .first()
    )
    buyers = []
    for number in range(count):
        basket = create_basket(empty=True)
        basket.add_product(batch.product, 1)
        order = create_order(basket=basket, guest_email=f"buyer{number}@example.com")
        for line in order.lines.all():
            services.line_batch_assign(line=line, batch=batch)
        buyers.append(order.guest_email)
    buyers += [email.lower() for email in notices.recall_notice_orders(batch=batch)]
    return {"id": batch.pk, "lot": batch.lot_code, "buyers": sorted(set(buyers))}
