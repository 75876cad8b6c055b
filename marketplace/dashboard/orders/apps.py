import oscar.apps.dashboard.orders.apps as apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Whole orders are for staff only. Oscar lets a partner's users open any
    order that has one of their lines, with every other seller's lines and the
    full order beside it; sellers use their workspace (/dashboard/shop/lines/),
    which shows their own lines and the delivery details for those only."""

    name = "marketplace.dashboard.orders"

    def configure_permissions(self):
        super().configure_permissions()
        self.permissions_map = {
            url_name: alternatives[:1]
            for url_name, alternatives in self.permissions_map.items()
        }
