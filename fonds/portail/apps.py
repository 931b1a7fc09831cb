from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "fonds.portail"
    label = "portail"
    verbose_name = "Pages du portail"
