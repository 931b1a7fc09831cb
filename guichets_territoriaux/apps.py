from django.apps import AppConfig


class GuichetsTerritoriauxConfig(AppConfig):
    name = "guichets_territoriaux"
    verbose_name = "Axe 3 — Guichets territoriaux"
    prefixe_urls = "territoires/"
