from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Wagtail page types: what editors write, around what Oscar sells."""

    name = "marketplace.cms"
    label = "cms"
    verbose_name = "Nội dung"

    def ready(self):
        from marketplace.cms import receivers

        receivers.connect()
