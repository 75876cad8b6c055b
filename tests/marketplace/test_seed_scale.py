from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import selectors
from fixtures.scale import batch_tokens_sample
from traceability import services
from traceability.models import Batch, BatchStatus, EventKind, TraceEvent

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def test_seed_scale_is_deterministic_visible_and_searchable(client):
    call_command("seed_scale", products=40, sellers=4, seed=7, verbosity=0)
    first = list(Product.objects.order_by("pk").values_list("title", flat=True))
    call_command("seed_scale", products=40, sellers=4, seed=7, verbosity=0)
    second = list(Product.objects.order_by("pk").values_list("title", flat=True))[40:]
    assert len(first) == 40 and first == second
    assert selectors.products_visible().count() == 80

    call_command("search_rebuild", verbosity=0)  # bulk inserts bypass signals
    title = first[0]
    response = client.get("/search/", {"q": title})
    assert title in [product.title for product in response.context["products"]]


def test_seed_scale_traces_batches_with_intact_chains_in_order():
    call_command(
        "seed_scale",
        products=30,
        sellers=3,
        seed=5,
        batches=40,
        records=7,
        verbosity=0,
    )
    assert Batch.objects.count() == 40 and TraceEvent.objects.count() == 280
    out = StringIO()
    call_command("verify_trace_chains", stdout=out)
    assert "40 batches checked, 0 broken" in out.getvalue()

    tokens = set(Batch.objects.values_list("public_token", flat=True))
    assert len(tokens) == 40 and all(len(token) == 16 for token in tokens)
    for batch in Batch.objects.select_related("farm", "plot", "product"):
        assert batch.product.stockrecords.get().partner_id == batch.partner_id
        assert batch.farm.partner_id == batch.partner_id
        assert batch.plot is None or batch.plot.farm_id == batch.farm_id
        assert f"-{batch.produced_on.year}-" in batch.lot_code
        assert batch.packed_on > batch.produced_on < batch.expires_on
        events = list(batch.events.order_by("recorded_at", "pk"))
        when = [event.occurred_at for event in events]
        assert when == sorted(when)
        harvest = next(event for event in events if event.kind == EventKind.HARVEST)
        assert timezone.localtime(harvest.occurred_at).date() == batch.produced_on
        assert not services.harvest_inside_preharvest_interval(
            batch=batch, harvest_at=harvest.occurred_at
        )
        assert any(event.input_name for event in events)


def test_seed_scale_recalls_and_expires_some_batches_and_is_deterministic():
    def story():
        return list(
            TraceEvent.objects.order_by("pk").values_list(
                "kind", "occurred_at", "note", "input_name", "place"
            )
        )

    call_command("seed_scale", products=200, sellers=10, seed=3, verbosity=0)
    first = story()
    batches = Batch.objects.all()
    assert batches.count() == 400 and len(first) == 2000  # the defaults: 2×, 5 each
    assert batches.filter(status=BatchStatus.RECALLED).exists()
    assert any(batch.is_expired for batch in batches)
    assert len(set(batches.values_list("partner", "lot_code"))) == 400

    call_command("seed_scale", products=200, sellers=10, seed=3, verbosity=0)
    assert story()[2000:] == first
    sample = batch_tokens_sample(count=25, seed=1)
    assert len(set(sample)) == 25 and sample == batch_tokens_sample(count=25, seed=1)
    assert Batch.objects.filter(public_token__in=sample).count() == 25
