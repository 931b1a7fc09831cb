from django.apps import AppConfig


class CollectivitesConfig(AppConfig):
    name = "fonds.collectivites"
    label = "collectivites"
    verbose_name = "Registre des collectivités"
