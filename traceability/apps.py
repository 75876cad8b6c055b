from django.apps import AppConfig


class TraceabilityConfig(AppConfig):
    """Farms, batches and their append-only records; what a package's QR code shows."""

    name = "traceability"
    verbose_name = "Truy xuất nguồn gốc"

    def ready(self):
        from traceability import receivers  # noqa: F401 -- Oscar's signals
