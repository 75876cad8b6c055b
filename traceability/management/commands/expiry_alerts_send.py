from django.core.management.base import BaseCommand

from traceability.tasks import expiry_alerts_send


class Command(BaseCommand):
    help = (
        "Raise today's expiry alerts (OCOP certificates, certifications, seller "
        "documents) and email each new one. Run daily (cron or the task worker)."
    )

    def handle(self, *args, **options):
        raised = expiry_alerts_send.call()
        self.stdout.write(f"{raised} expiry alert(s) raised")
