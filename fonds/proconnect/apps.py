from django.apps import AppConfig


class ProConnectConfig(AppConfig):
    name = "fonds.proconnect"
    label = "proconnect"
    verbose_name = "ProConnect"
