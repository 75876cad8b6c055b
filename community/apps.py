from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Community digital teams")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Answer the workspace shell's access check for helpers."""
        from community import access, services
        from workspace import delegation

        delegation.register(
            grant_for=access.helper_grant_for, record=services.helper_action_record
        )
