import pytest


def pytest_collection_modifyitems(items):
    """Browser journeys run last: their Playwright loop lives until the session
    ends, and their transactional teardown empties the database."""
    browser = [item for item in items if "/tests/e2e/" in str(item.path)]
    for item in browser:
        item.add_marker(pytest.mark.e2e)
    items[:] = [item for item in items if item not in browser] + browser


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Each test writes media to its own folder and starts with an empty cache."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def home_page(db):
    from marketplace.cms.services import home_page_install

    return home_page_install(hero_title="Đặc sản OCOP Phú Thọ")


@pytest.fixture
def market(db):
    """Two sellers (Cẩm Mỹ tea, Đoan Hùng pomelo) and one order across both."""
    from oscar.test.factories import ShippingAddressFactory

    from tests.factories import active_seller, order_of, seller_product

    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="doanhung@example.com"
    )
    tea = seller_product(cam_my, title="Chè xanh Cẩm Mỹ", price=150000)
    pomelo = seller_product(doan_hung, title="Bưởi Đoan Hùng", price=80000)
    order = order_of((tea, 2), (pomelo, 1))
    order.shipping_address = ShippingAddressFactory()
    order.save()
    return {
        "cam_my": cam_my,
        "doan_hung": doan_hung,
        "tea": tea,
        "order": order,
        "line": order.lines.get(partner=cam_my.partner),
    }


@pytest.fixture(scope="session")
def localstripe_server():
    """localstripe (a fake, stateful Stripe) on a free loopback port for the
    whole session; the real stripe SDK and Stripe.js talk to it."""
    import sys

    from tests.servers import loopback_server

    with loopback_server(
        lambda port: [
            sys.executable,
            "-m",
            "localstripe",
            "--from-scratch",
            "--port",
            str(port),
        ],
        ready_path="/js.stripe.com/v3/",
        name="localstripe",
    ) as url:
        yield url


@pytest.fixture
def localstripe(localstripe_server, settings):
    """Card payments on, the stripe SDK and Stripe.js pointed at localstripe."""
    settings.CARD_PAYMENTS = True
    settings.STRIPE_API_BASE = localstripe_server
    settings.STRIPE_JS_URL = f"{localstripe_server}/js.stripe.com/v3/"
    return localstripe_server
