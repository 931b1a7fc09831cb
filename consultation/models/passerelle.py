"""La passerelle vers l'axe 2 : un service retenu dont les référents réunissent assez de
collectivités ou d'habitants candidate à un appel à projets national, lié à son besoin, de sorte
que le même projet se voit en entier (le vote, le comité, le suivi, le dossier d'appel)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CandidatureNationale(models.Model):
    """Un service retenu candidat à un appel : la collectivité qui dépose (le référent seul, ou
    le groupement ad hoc de ses référents) ; le dossier d'appel est celui qu'elle y dépose."""

    service = models.ForeignKey(
        "consultation.ServiceRetenu", on_delete=models.PROTECT, related_name="candidatures"
    )
    guichet = models.ForeignKey(
        "dossiers.Guichet", on_delete=models.PROTECT, related_name="candidatures_axe_1"
    )
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.PROTECT, related_name="+"
    )
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["le", "pk"]
        verbose_name = "candidature d'un service retenu à un appel national"
        verbose_name_plural = "candidatures des services retenus aux appels nationaux"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "guichet"], name="candidature_une_par_appel"
            ),
        ]

    def __str__(self):
        return f"{self.service_id} → {self.guichet_id}"
