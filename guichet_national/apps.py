from django.apps import AppConfig


class GuichetNationalConfig(AppConfig):
    name = "guichet_national"
    verbose_name = "Axe 2 — Guichet national"
