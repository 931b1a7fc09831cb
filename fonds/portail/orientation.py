"""« Je suis une collectivité… » : quels guichets ouverts conviennent, et pourquoi.

L'orientation ne porte aucune règle : elle lit les guichets ouverts (ce que chacun finance,
`Guichet.types_projet`) et demande à `fonds.dossiers.eligibilite` si la collectivité peut y
déposer. Elle montre les guichets où elle le peut, avec un lien vers chacun, et pour les
autres guichets de son territoire ou nationaux la règle exacte qui l'en exclut. La
consultation (axe 1) apparaît dès qu'un de ses guichets est ouvert.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from fonds.collectivites.models import Collectivite
from fonds.dossiers.eligibilite import Eligibilite, avec_couverture, eligibilite, hors_territoire
from fonds.dossiers.enums import Axe, TypeProjet
from fonds.dossiers.models import Guichet

#: Ce qu'il est utile de savoir avant de déposer, par type de projet.
CONSEILS = {
    TypeProjet.FRANCECONNECT_API: [
        "Gardez à portée de main la référence de votre habilitation DataPass : le guichet la "
        "demande plutôt que de vous faire tout ressaisir.",
    ],
    TypeProjet.LABORATOIRE: [
        "Une enveloppe nationale de 4 M€ est réservée aux projets menés avec un laboratoire "
        "d'innovation territoriale.",
    ],
}
CONSEIL_AXE_3 = (
    "Sur les guichets des préfectures, la contractualisation se fait par le CRTE de votre "
    "territoire ou par une convention ad hoc."
)


@dataclass
class Piste:
    guichet: Guichet
    verdict: Eligibilite


@dataclass
class Orientation:
    type_projet: TypeProjet
    #: Les guichets ouverts qui financent ce projet et où la collectivité peut déposer.
    admis: list[Piste] = field(default_factory=list)
    #: Ceux qui le financent mais l'excluent (nationaux ou de son territoire), avec la règle.
    exclus: list[Piste] = field(default_factory=list)
    #: La consultation (axe 1), quand elle est ouverte et que le projet n'y mène pas déjà.
    consultation: list[Piste] = field(default_factory=list)
    conseils: list[str] = field(default_factory=list)


def orienter(*, collectivite: Collectivite, type_projet: str, maintenant=None) -> Orientation:
    """Les guichets ouverts qui conviennent à ce projet de cette collectivité, et pourquoi.
    N'enregistre rien ; deux requêtes quel que soit le nombre de guichets."""
    maintenant = maintenant or timezone.now()
    type_projet = TypeProjet(type_projet)
    collectivite = (
        avec_couverture(Collectivite.objects.select_related("departement", "region"))
        .filter(pk=collectivite.pk)
        .get()
    )
    guichets = Guichet.objects.ouverts(maintenant).select_related("departement", "region")
    orientation = Orientation(type_projet=type_projet, conseils=list(CONSEILS.get(type_projet, [])))
    for guichet in guichets.order_by("axe", "nom"):
        if hors_territoire(guichet, collectivite):
            continue
        piste = Piste(guichet, eligibilite(guichet, collectivite, maintenant=maintenant))
        if guichet.finance(type_projet):
            (orientation.admis if piste.verdict.ok else orientation.exclus).append(piste)
        elif guichet.axe == Axe.AXE_1 and piste.verdict.ok:
            orientation.consultation.append(piste)
    if any(piste.guichet.axe == Axe.AXE_3 for piste in orientation.admis):
        orientation.conseils.append(CONSEIL_AXE_3)
    return orientation
