"""Un tour de la consultation : ses phases datées, ses règles de vote, son enveloppe."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..enums import DEBUTS, Phase

#: Ce qu'on peut faire dans chaque phase (page publique du tour).
CE_QU_ON_PEUT_FAIRE = {
    Phase.A_VENIR: "Le tour n'est pas encore ouvert. Les propositions seront reçues à partir de "
    "l'ouverture du recueil.",
    Phase.RECUEIL: "Les membres vérifiés d'une collectivité et les partenaires proposent un besoin "
    "ou un service existant ; les collectivités rejoignent les propositions qui répondent aussi à "
    "leurs besoins ; toute personne connectée commente.",
    Phase.VOTE: "Chaque collectivité a un bulletin, rempli par l'un de ses membres vérifiés : elle "
    "soutient les besoins qui répondent aux siens, et peut changer son bulletin jusqu'à la fin "
    "du vote.",
    Phase.SELECTION: "Le vote est clos. Le comité de sélection choisit les services à financer à "
    "partir des résultats publics.",
    Phase.INTERET: "Les collectivités se portent candidates comme territoires pilotes des services "
    "retenus.",
    Phase.DEVELOPPEMENT: "Les services retenus sont développés et déployés avec les territoires "
    "référents.",
}


class TourQuerySet(models.QuerySet):
    def publics(self):
        return self.select_related("enveloppe").order_by("-recueil_debut")


class Tour(models.Model):
    """Un tour : recueil → vote → sélection → expression d'intérêt → développement et
    déploiement. La phase courante se déduit des dates ; l'ANCT clôt une phase plus tôt ou la
    prolonge en déplaçant une date, avec un motif gardé dans l'historique."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    nom = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    enveloppe = models.ForeignKey(
        "financement.Enveloppe",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tours",
        help_text="Enveloppe fille de l'axe 1 qui financera les services retenus.",
    )
    recueil_debut = models.DateTimeField("ouverture du recueil")
    vote_debut = models.DateTimeField("ouverture du vote (fin du recueil)")
    selection_debut = models.DateTimeField("fin du vote (début de la sélection)")
    interet_debut = models.DateTimeField("ouverture de l'expression d'intérêt")
    developpement_debut = models.DateTimeField("début du développement et du déploiement")
    max_soutiens = models.PositiveIntegerField(
        "nombre maximal de soutiens par collectivité",
        null=True,
        blank=True,
        help_text="Vide : sans limite (comme en 2021).",
    )
    groupements_votent = models.BooleanField(
        "les groupements (syndicats, GIP, SPL…) votent en tant que tels", default=False
    )
    resultats_en_direct = models.BooleanField(
        "résultats publiés en direct pendant le vote", default=True
    )
    cree_le = models.DateTimeField(default=timezone.now)

    objects = TourQuerySet.as_manager()
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["-recueil_debut"]
        verbose_name = "tour de la consultation"
        verbose_name_plural = "tours de la consultation"
        constraints = [
            models.CheckConstraint(
                condition=Q(recueil_debut__lt=F("vote_debut"))
                & Q(vote_debut__lt=F("selection_debut"))
                & Q(selection_debut__lt=F("interet_debut"))
                & Q(interet_debut__lt=F("developpement_debut")),
                name="tour_phases_dans_l_ordre",
                violation_error_message="Les phases se suivent : chacune commence après la "
                "précédente.",
            ),
            models.CheckConstraint(
                condition=Q(max_soutiens__isnull=True) | Q(max_soutiens__gte=1),
                name="tour_au_moins_un_soutien",
            ),
        ]

    def __str__(self):
        return self.nom

    def clean(self):
        erreurs = {}
        precedent = None
        for phase, champ in DEBUTS:
            valeur = getattr(self, champ)
            if precedent and valeur and precedent[1] and valeur <= precedent[1]:
                erreurs[champ] = [
                    f"« {Phase(phase).label} » doit commencer après « "
                    f"{Phase(precedent[0]).label} » ({precedent[1]:%d/%m/%Y %H:%M})."
                ]
            precedent = (phase, valeur)
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def selection_commencee(self) -> bool:
        """Le vote est clos : le comité de sélection délibère ou a délibéré."""
        return self.phase() in (Phase.SELECTION, Phase.INTERET, Phase.DEVELOPPEMENT)

    def phase(self, maintenant=None) -> str:
        maintenant = maintenant or timezone.now()
        courante = Phase.A_VENIR
        for phase, champ in DEBUTS:
            if getattr(self, champ) <= maintenant:
                courante = phase
        return courante

    @property
    def phase_courante(self) -> str:
        return self.phase()

    @property
    def phase_libelle(self) -> str:
        return Phase(self.phase()).label

    @property
    def ce_qu_on_peut_faire(self) -> str:
        return CE_QU_ON_PEUT_FAIRE[self.phase()]

    @property
    def en_recueil(self) -> bool:
        return self.phase() == Phase.RECUEIL

    @property
    def en_vote(self) -> bool:
        return self.phase() == Phase.VOTE

    @property
    def resultats_publics(self) -> bool:
        phase = self.phase()
        if phase == Phase.VOTE:
            return self.resultats_en_direct
        return phase not in (Phase.A_VENIR, Phase.RECUEIL)

    def calendrier(self) -> list[dict]:
        """Les phases avec leurs dates de début et de fin, et celle qui est en cours."""
        courante = self.phase()
        lignes = []
        for i, (phase, champ) in enumerate(DEBUTS):
            fin = getattr(self, DEBUTS[i + 1][1]) if i + 1 < len(DEBUTS) else None
            lignes.append(
                {
                    "phase": phase,
                    "libelle": Phase(phase).label,
                    "champ": champ,
                    "debut": getattr(self, champ),
                    "fin": fin,
                    "courante": phase == courante,
                }
            )
        return lignes
