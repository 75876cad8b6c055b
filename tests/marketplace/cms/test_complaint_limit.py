"""The anonymous "Phản ánh / khiếu nại" form is rate limited per client
address and livestream, in the cache: past the limit a Vietnamese message and
a 429, never a 500; with the cache away the form still takes complaints."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from marketplace.cms.models import LivestreamComplaint
from tests.factories import active_seller, livestream

pytestmark = pytest.mark.django_db
LIMITED = "nhiều phản ánh"


@pytest.fixture
def streams(cms_tree, settings):
    settings.COMPLAINT_LIMIT = 3
    cache.clear()
    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    first = livestream(host=seller, starts_in=timedelta(minutes=-10))
    second = livestream(host=seller, title="Chè chiều", starts_in=timedelta(0))
    yield first, second
    cache.clear()


def complain(client, page, address="203.0.113.7", message="Nói sai giá"):
    return client.post(
        reverse("cms:complaint-create", kwargs={"pk": page.pk}),
        {"message": message},
        REMOTE_ADDR=address,
    )


def test_past_the_limit_a_client_gets_a_vietnamese_message_not_a_row(client, streams):
    first, _second = streams
    assert [complain(client, first).status_code for _ in range(3)] == [302] * 3
    refused = complain(client, first, message="Lần thứ tư")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert LIMITED in body and "Lần thứ tư" in body  # the message is kept
    assert LivestreamComplaint.objects.count() == 3


def test_the_limit_is_per_address_and_per_livestream(client, streams):
    first, second = streams
    for _ in range(3):
        complain(client, first)
    assert complain(client, first).status_code == 429
    assert complain(client, second).status_code == 302
    assert complain(client, first, address="198.51.100.9").status_code == 302
    assert LivestreamComplaint.objects.filter(livestream=second).count() == 1
    assert LivestreamComplaint.objects.filter(livestream=first).count() == 4


def test_bad_input_is_not_counted(client, streams):
    first, _second = streams
    for _ in range(5):
        assert complain(client, first, message="").status_code == 200
    assert complain(client, first).status_code == 302


def test_the_window_ends(client, streams, settings):
    import time_machine

    first, _second = streams
    with time_machine.travel("2026-12-01 08:00 +0700", tick=False) as clock:
        for _ in range(4):
            complain(client, first)
        assert complain(client, first).status_code == 429
        clock.shift(timedelta(seconds=settings.COMPLAINT_LIMIT_SECONDS + 1))
        assert complain(client, first).status_code == 302


def test_with_redis_away_the_form_still_takes_complaints(client, streams, settings):
    """A fail-soft Redis cache on a closed port of ours (8439)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:8439/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    first, _second = streams
    assert [complain(client, first).status_code for _ in range(5)] == [302] * 5
    assert LivestreamComplaint.objects.count() == 5


def test_a_cache_that_raises_lets_the_complaint_through(client, streams):
    first, _second = streams
    with mock.patch.object(cache, "incr", side_effect=ConnectionError("down")):
        for _ in range(5):
            assert complain(client, first).status_code == 302
    assert LivestreamComplaint.objects.count() == 5


def test_behind_the_balancer_each_viewer_has_its_own_limit(client, streams, settings):
    """Every request reaches the nodes from haproxy's address; the viewer's is
    the entry haproxy appended to X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    first, _second = streams

    def through_proxy(viewer, claimed=None):
        forwarded = f"{claimed}, {viewer}" if claimed else viewer
        return client.post(
            reverse("cms:complaint-create", kwargs={"pk": first.pk}),
            {"message": "Nói sai giá"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    assert [through_proxy("203.0.113.7").status_code for _ in range(3)] == [302] * 3
    assert through_proxy("203.0.113.7").status_code == 429
    # A claimed address in front of the real one buys nothing...
    assert through_proxy("203.0.113.7", claimed="192.0.2.1").status_code == 429
    # ...and another viewer behind the same balancer is not silenced.
    assert through_proxy("198.51.100.9").status_code == 302
