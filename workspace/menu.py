"""The seller workspace's menu: a registry the domains fill from their own
`workspace.py` modules, shown in Oscar's dashboard menu and on the home page."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    order: int


_pages: dict[str, Page] = {}


def register(*, label: str, url_name: str, order: int) -> None:
    """Add a page; registering a URL name again replaces it (modules may reload)."""
    _pages[url_name] = Page(label=label, url_name=url_name, order=order)


def pages() -> list[Page]:
    return sorted(_pages.values(), key=lambda page: page.order)


def works_in_a_shop(user, *args, **kwargs) -> bool:
    """Dashboard menu: the seller workspace is for staff and sellers' users."""
    return user.is_staff or user.partners.exists()


def dashboard_node() -> dict:
    """The "My shop" entry, shaped like OSCAR_DASHBOARD_NAVIGATION's items."""
    return {
        "label": _("My shop"),
        "icon": "fas fa-store-alt",
        "access_fn": works_in_a_shop,
        "children": [
            {
                "label": page.label,
                "url_name": page.url_name,
                "access_fn": works_in_a_shop,
            }
            for page in pages()
        ],
    }


# Warnings a domain shows on the workspace home: callables taking the acting
# seller (None for staff without ?seller=) and returning short texts.
_notice_sources: dict[str, object] = {}


def register_notices(name: str, source) -> None:
    _notice_sources[name] = source


def notices(*, seller) -> list[str]:
    return [text for source in _notice_sources.values() for text in source(seller)]


# Today's tasks a domain adds to the workspace home, beside the shell's own
# (orders, stock, certificates): the shell cannot import the domains above it
# (marketplace's livestreams, for one), so they register a counter here.
@dataclass(frozen=True)
class TaskSource:
    label: str
    url_name: str
    count: Callable  # (seller or None for staff) -> int
    query: str = ""


_task_sources: dict[str, TaskSource] = {}


def register_task(
    key: str, *, label: str, url_name: str, count: Callable, query: str = ""
) -> None:
    """Add a large button to the home's "today"; a key registered again replaces
    the earlier one (modules may reload)."""
    _task_sources[key] = TaskSource(
        label=label, url_name=url_name, count=count, query=query
    )


def task_sources() -> dict[str, TaskSource]:
    return dict(_task_sources)
