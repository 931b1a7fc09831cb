"""L'argent du comité de sélection passe par les décisions du socle : chaque montant retenu
(un besoin, ou l'ingénierie de la gouvernance d'un service) devient le dossier d'un guichet du
tour, de sorte « comite_de_selection », accepté par l'ANCT ; le socle crée alors la subvention
(`fonds.financement.services.subventionner_dossier`) sur l'enveloppe du tour, sous son verrou,
et la convention, les versements, le tableau de bord public et les données ouvertes suivent
comme pour tout autre dossier. On ne dépose pas à ce guichet : sa page renvoie aux décisions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fonds.comptes.enums import ROLE_DE_L_AXE
from fonds.dossiers import services as dossiers
from fonds.dossiers import types
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier, Guichet
from fonds.dossiers.services._commun import _enregistrer as _enregistrer_dossier
from fonds.enums import Axe
from fonds.validation import valider

CODE = "comite_de_selection"
PREFIXE = "comite-"

SORTE = types.TypeGuichet(
    code=CODE,
    libelle="Services retenus par le comité de sélection (axe 1)",
    axe=Axe.AXE_1,
    description="Les besoins retenus par le comité de sélection d'un tour de la consultation, "
    "et l'ingénierie de la gouvernance de ces services : l'ANCT accepte le dossier au nom du "
    "comité, le socle crée la subvention.",
    depot="consultation:guichet_du_comite",
)


def guichet_du_tour(tour) -> Guichet:
    """Le guichet du comité d'un tour, créé à la première décision (sous le verrou du besoin,
    deux décisions simultanées peuvent le créer : la seconde relit le premier)."""
    from .services.selection import enveloppe_de

    slug = f"{PREFIXE}{tour.slug}"[:80]
    guichet = Guichet.objects.filter(slug=slug).first()
    if guichet is not None:
        return guichet
    guichet = Guichet(
        nom=f"Services retenus — {tour.nom}"[:200],
        slug=slug,
        axe=Axe.AXE_1,
        type=CODE,
        description=SORTE.description,
        ouverture=tour.selection_debut,
        cloture=tour.selection_debut + datetime.timedelta(minutes=1),
        enveloppe=enveloppe_de(tour),
        role_instructeur=ROLE_DE_L_AXE[Axe.AXE_1],
    )
    valider(guichet)
    try:
        with transaction.atomic():
            guichet.save()
    except IntegrityError:
        return Guichet.objects.get(slug=slug)
    return guichet


def subventionner(*, tour, beneficiaire, titre: str, description: str, montant, motivation, par):
    """Le dossier du guichet du comité, accepté aussitôt par `par` (l'ANCT, qui instruit les
    guichets de l'axe 1) : la subvention du socle, sur l'enveloppe du tour, sous son verrou.
    Une règle non tenue (enveloppe insuffisante, conflit d'intérêts) lève `ValidationError` et
    rien n'est écrit."""
    dossier = Dossier(
        guichet=guichet_du_tour(tour),
        collectivite=beneficiaire,
        cree_par=par,
        etat=Etat.EN_INSTRUCTION,
        depose_le=timezone.now(),
        titre=titre[:200],
        description=description,
        montant_demande=montant,
        cout_eligible=montant,
    )
    _enregistrer_dossier(dossier, par=par, raison="Décision du comité de sélection")
    try:
        dossier = dossiers.accepter(
            dossier=dossier, par=par, motivation=motivation, montant=montant
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "beneficiaire" in exc.error_dict:
            raise ValidationError(" ".join(exc.error_dict["beneficiaire"][0].messages)) from exc
        raise
    return dossier.subvention
