from catalog import selectors


def catalogue_menu(request):
    """Top categories for the site menu; lazy, so pages that never show it pay nothing."""
    return {"menu_categories": selectors.category_menu}
