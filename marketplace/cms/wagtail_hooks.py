from wagtail import hooks

from marketplace.cms.choosers import product_chooser_viewset, seller_chooser_viewset


@hooks.register("register_admin_viewset")
def register_choosers():
    return [product_chooser_viewset, seller_chooser_viewset]
