"""Oscar's dashboard menu with the seller workspace's "My shop" entry, whose
pages the domains register at start-up (settings cannot import them)."""

from django.conf import settings
from oscar.apps.dashboard.menu import *  # noqa: F401
from oscar.apps.dashboard.menu import create_menu

from workspace import menu as workspace_menu


def get_nodes(user):
    """Oscar's get_nodes over the settings' menu plus the workspace's entry."""
    nodes = create_menu(
        [*settings.OSCAR_DASHBOARD_NAVIGATION, workspace_menu.dashboard_node()]
    )
    visible = [node.filter(user) for node in nodes]
    return [n for n in visible if n and (n.has_children() or not n.is_heading)]
