from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class WorkspaceConfig(AppConfig):
    """Fills the menu once every app is loaded: its own pages, then each app's
    `workspace.py`, so the shell names no domain and no domain another's views."""

    name = "workspace"
    verbose_name = "Gian hàng"

    def ready(self):
        from workspace import pages  # noqa: F401 -- registers the shell's own pages

        autodiscover_modules("workspace")
