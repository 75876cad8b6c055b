from search.forms import SearchForm


def search_form(request):
    """The search box every page's header shows (Oscar templates use `search_form`)."""
    return {"search_form": SearchForm(request.GET if "q" in request.GET else None)}
