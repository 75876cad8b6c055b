import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app without haystack: our view over Wagtail's search backends."""

    name = "search"

    def ready(self):
        from search import views

        self.search_view = views.SearchView
