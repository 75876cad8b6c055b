import oscar.apps.search.apps as apps
from django.urls import path


class SearchConfig(apps.SearchConfig):
    """Oscar's search app without haystack: our views over Wagtail's search
    backends, plus the autocomplete endpoint and index upkeep."""

    name = "search"

    def ready(self):
        from search import receivers, views

        self.search_view = views.SearchView
        self.suggest_view = views.SuggestView
        receivers.connect()

    def get_urls(self):
        return self.post_process_urls(
            [
                path("", self.search_view.as_view(), name="search"),
                path("suggest/", self.suggest_view.as_view(), name="suggest"),
            ]
        )
