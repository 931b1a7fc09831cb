from django.apps import AppConfig


class FinancementConfig(AppConfig):
    name = "fonds.financement"
    verbose_name = "Financement : enveloppes, engagements, subventions"
