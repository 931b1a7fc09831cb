"""Les objets réels sur lesquels le banc de fuzz poste : un guichet ouvert du département X,
des dossiers de la commune A à chaque étape, une enveloppe départementale et une subvention.

Il part des fixtures `territoire` et `roles` de `tests/conftest.py`, comme la matrice."""

from dataclasses import dataclass, field
from decimal import Decimal

from fonds.comptes.enums import StatutAdhesion
from fonds.comptes.models import Adhesion
from fonds.dossiers import services as dossiers
from fonds.financement import services as financement
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Enveloppe
from tests.comptes.factories import AdhesionFactory, UserFactory
from tests.dossiers import sorte_essai
from tests.dossiers.factories import DossierFactory, GuichetFactory


@dataclass
class MondeFuzz:
    territoire: dict
    roles: dict
    adhesion: Adhesion
    guichet: object
    brouillon: object
    depose: object
    complements: object
    en_instruction: object
    enveloppe: Enveloppe
    subvention: object
    etape: object = None  # en instruction, au guichet d'une sorte à étapes (sorte_essai)
    # Les objets des axes (tests/fuzz/axes/) : nom du module → ce que son `construire` rend.
    axes: dict = field(default_factory=dict)


def construire(territoire, roles) -> MondeFuzz:
    adhesion = AdhesionFactory(
        user=UserFactory(), collectivite=territoire["a"], statut=StatutAdhesion.EN_ATTENTE
    )
    admin = roles["administrateur"]
    racine = financement.initialiser_fonds(par=admin)
    axe_3 = Enveloppe.objects.get(parent=racine, axe=Axe.AXE_3, nature=NatureEnveloppe.AXE)
    region = financement.creer_enveloppe(
        parent=axe_3,
        nom="Région Une",
        nature=NatureEnveloppe.REGION,
        region=territoire["region"],
        montant=Decimal("500000.00"),
        motif="Répartition régionale",
        par=admin,
    )
    enveloppe = financement.creer_enveloppe(
        parent=region,
        nom="Département X",
        nature=NatureEnveloppe.DEPARTEMENT,
        region=territoire["region"],
        departement=territoire["dx"],
        montant=Decimal("100000.00"),
        motif="Délégation au département",
        par=roles["instructeur_region"],
    )
    guichet = GuichetFactory(
        departement=territoire["dx"],
        slug="guichet-dx",
        nom="Guichet DX",
        enveloppe=enveloppe,
        taux_max=Decimal("80"),
    )

    def dossier(**etat):
        return DossierFactory(
            guichet=guichet, collectivite=territoire["a"], cree_par=roles["membre_a"], **etat
        )

    # La subvention naît de l'acceptation d'un dossier, comme toutes.
    accepte = dossier(
        en_instruction=True, titre="Dématérialisation des démarches", cout_eligible=10000
    )
    dossiers.accepter(dossier=accepte, par=roles["instructeur_dx"], montant=Decimal("8000.00"))
    subvention = accepte.subvention

    guichet_sorte = GuichetFactory(
        departement=territoire["dx"], slug="guichet-sorte-dx", type=sorte_essai.CODE
    )
    etape = DossierFactory(
        guichet=guichet_sorte,
        collectivite=territoire["a"],
        cree_par=roles["membre_a"],
        en_instruction=True,
    )
    monde = MondeFuzz(
        territoire=territoire,
        roles=roles,
        adhesion=adhesion,
        guichet=guichet,
        brouillon=dossier(),
        depose=dossier(depose=True),
        complements=dossier(depose=True, complements_demandes=True),
        en_instruction=dossier(en_instruction=True),
        enveloppe=enveloppe,
        subvention=subvention,
        etape=etape,
    )
    from tests.fuzz import axes

    for module in axes.modules():
        if hasattr(module, "construire"):
            monde.axes[module.__name__.rsplit(".", 1)[1]] = module.construire(monde)
    return monde
