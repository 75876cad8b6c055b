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
