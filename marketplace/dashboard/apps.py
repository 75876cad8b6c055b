import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Forked only so that dashboard.catalogue can be forked (Oscar resolves it here)."""

    name = "marketplace.dashboard"
