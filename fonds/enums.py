"""Énumérations partagées par tout le socle."""

from django.db import models


class Axe(models.TextChoices):
    """Les trois axes du fonds : une seule définition pour les guichets, les dossiers et
    l'argent."""

    AXE_1 = "axe1", "Axe 1 — Consultation et co-construction (ANCT)"
    AXE_2 = "axe2", "Axe 2 — Guichet national (DINUM)"
    AXE_3 = "axe3", "Axe 3 — Guichets territoriaux (préfectures)"
