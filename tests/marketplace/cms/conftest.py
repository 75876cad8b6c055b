import pytest


@pytest.fixture
def cms_tree(db):
    from marketplace.cms.services import cms_tree_install

    return cms_tree_install()
