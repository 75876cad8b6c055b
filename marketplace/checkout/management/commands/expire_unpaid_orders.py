from django.core.management.base import BaseCommand

from marketplace.checkout.payments.services import unpaid_orders_expire


class Command(BaseCommand):
    help = (
        "Cancel orders whose bank transfer or card payment did not arrive within "
        "PAYMENT_EXPIRY_HOURS and put their units back on sale (run it hourly)."
    )

    def handle(self, *args, **options):
        count = unpaid_orders_expire()
        self.stdout.write(f"{count} unpaid order(s) expired.")
