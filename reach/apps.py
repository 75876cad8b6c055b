from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "reach"
    label = "reach"
    verbose_name = "Reach"
