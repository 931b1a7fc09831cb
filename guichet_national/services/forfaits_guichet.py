"""Le guichet à forfait lui-même : ses règles en données, celles du socle (`Guichet`)."""

from decimal import Decimal

from django.db import transaction

from fonds.comptes.enums import ROLE_DE_L_AXE
from fonds.dossiers.enums import TypeProjet
from fonds.dossiers.models import Guichet
from fonds.enums import Axe
from fonds.validation import valider

from ..models.forfaits import CODE_FORFAIT, SorteForfait

FORFAIT = Decimal("5000.00")
PLAFOND_PAR_BENEFICIAIRE = 2
PLAFOND_PAR_SORTE = 1


@transaction.atomic
def ouvrir_guichet_forfait(*, nom: str, slug: str, enveloppe, ouverture, cloture=None) -> Guichet:
    """Un guichet à forfait de l'axe 2 : 5 000 € par forfait, au plus 2 par bénéficiaire dont
    1 par sorte (FranceConnect, API), sur `enveloppe` (une fille de l'axe 2), ouvert en
    continu entre ses dates. Les plafonds sont ceux que le socle vérifie à chaque décision."""
    guichet = Guichet(
        nom=nom,
        slug=slug,
        axe=Axe.AXE_2,
        type=CODE_FORFAIT,
        description="Tout projet respectant ce cahier des charges est automatiquement financé : "
        "un forfait de 5 000 € pour raccorder un service en ligne à FranceConnect ou à une API "
        "nationale (API Entreprise, API Particulier, API Impôt particulier…), au plus deux par "
        "collectivité ou structure de mutualisation — un FranceConnect, une API —, dans la "
        "limite de l'enveloppe.",
        ouverture=ouverture,
        cloture=cloture,
        enveloppe=enveloppe,
        role_instructeur=ROLE_DE_L_AXE[Axe.AXE_2],
        montant_forfaitaire=FORFAIT,
        plafond_par_beneficiaire=PLAFOND_PAR_BENEFICIAIRE,
        plafond_par_categorie=PLAFOND_PAR_SORTE,
        categories=[list(c) for c in SorteForfait.choices],
        types_projet=[TypeProjet.FRANCECONNECT_API],
    )
    valider(guichet)
    guichet.save()
    return guichet
