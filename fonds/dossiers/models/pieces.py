"""Pièces jointes (stockage privé), messages et annotations d'un dossier."""

import secrets
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone

from .. import types
from ..enums import StatutAnalyse
from .dossiers import Dossier


class StockagePrive(FileSystemStorage):
    """Les pièces jointes, hors de toute adresse publique : servies seulement par une vue qui
    vérifie les droits. Le dossier est lu dans les réglages à chaque accès (tests)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PIECES_JOINTES_ROOT

    @property
    def location(self):
        return str(settings.PIECES_JOINTES_ROOT)

    def url(self, name):
        raise NotImplementedError("Les pièces jointes n'ont pas d'adresse publique.")


def nom_aleatoire(instance, filename) -> str:
    """Nom stocké sans rien du nom d'origine : ni chemin, ni extension."""
    return f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class PieceJointeQuerySet(models.QuerySet):
    def du_dossier(self):
        return self.filter(message__isnull=True)


class PieceJointe(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pieces")
    message = models.ForeignKey(
        "Message", on_delete=models.CASCADE, null=True, blank=True, related_name="pieces"
    )
    # Les types de pièce du socle et ceux que déclarent les sortes de guichet (types.py).
    type_piece = models.CharField("type de pièce", max_length=40, choices=types.choix_pieces)
    nom_original = models.CharField("nom du fichier", max_length=255)
    fichier = models.FileField(storage=StockagePrive, upload_to=nom_aleatoire, max_length=200)
    taille = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField(max_length=64)
    type_contenu = models.CharField("type détecté", max_length=100)
    statut_analyse = models.CharField(
        max_length=15, choices=StatutAnalyse.choices, default=StatutAnalyse.EN_ATTENTE
    )
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deposee_le = models.DateTimeField(auto_now_add=True)

    objects = PieceJointeQuerySet.as_manager()

    class Meta:
        ordering = ["deposee_le"]
        verbose_name = "pièce jointe"

    def __str__(self):
        return self.nom_original


class Message(models.Model):
    """Un message du fil entre la collectivité et les agents, visible des deux."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    de_agent = models.BooleanField("écrit par un agent")
    corps = models.TextField("message")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cree_le"]

    def __str__(self):
        return f"Message de {self.auteur} ({self.cree_le:%d/%m/%Y})"


class Annotation(models.Model):
    """Une note privée des agents : jamais montrée à la collectivité."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="annotations")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texte = models.TextField("annotation privée")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cree_le"]

    def __str__(self):
        return f"Annotation de {self.auteur}"
