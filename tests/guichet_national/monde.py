"""Le petit monde du guichet à forfait, partagé par la matrice, les budgets et le fuzz : un
guichet à forfait sur une enveloppe fille de l'axe 2 ; la commune A a son forfait FranceConnect
accordé ; la commune B attend en liste d'attente sur un second guichet, épuisé."""

import datetime
from decimal import Decimal

from django.utils import timezone

from fonds.financement import services as argent
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Enveloppe
from guichet_national.services.forfaits import demander_forfait
from guichet_national.services.forfaits_guichet import ouvrir_guichet_forfait
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory

from .conftest import reponses


def _ouvrir(monde, slug, forfaits):
    admin = monde.roles["administrateur"]
    enveloppe = argent.creer_enveloppe(
        parent=Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_2),
        nom=f"Forfaits FranceConnect / API ({slug})",
        nature=NatureEnveloppe.GUICHET,
        montant=Decimal(5000 * forfaits),
        motif="Guichet à forfait",
        par=admin,
    )
    return ouvrir_guichet_forfait(
        nom=f"Forfaits FranceConnect / API ({slug})",
        slug=slug,
        enveloppe=enveloppe,
        ouverture=timezone.now() - datetime.timedelta(days=1),
    )


def construire(monde) -> dict:
    t, r = monde.territoire, monde.roles
    guichet = _ouvrir(monde, "forfaits-preuves", 20)
    accordee = demander_forfait(
        guichet=guichet, collectivite=t["a"], par=r["membre_a"], **reponses("franceconnect")
    )
    epuise = _ouvrir(monde, "forfaits-epuise", 1)
    autre = CollectiviteFactory(departement=t["dy"])
    demander_forfait(
        guichet=epuise,
        collectivite=autre,
        par=AdhesionFactory(collectivite=autre).user,
        **reponses("api"),
    )
    attente = demander_forfait(
        guichet=epuise, collectivite=t["b"], par=r["membre_b"], **reponses("api")
    )
    return {"guichet": guichet, "accordee": accordee, "attente": attente}


def grossir(monde, n: int) -> None:
    """n demandes accordées de plus au guichet (des collectivités nouvelles)."""
    guichet = monde.axes["forfaits"]["guichet"]
    argent.deleguer(
        source=guichet.enveloppe.parent,
        destination=guichet.enveloppe,
        montant=Decimal(5000 * n),
        motif="Volume",
        par=monde.roles["administrateur"],
    )
    for _ in range(n):
        c = CollectiviteFactory(departement=monde.territoire["dx"])
        demander_forfait(
            guichet=guichet,
            collectivite=c,
            par=AdhesionFactory(collectivite=c).user,
            **reponses("api" if n % 2 else "franceconnect"),
        )
