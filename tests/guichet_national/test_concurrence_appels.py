"""La séance du jury sous décisions simultanées (vrais fils, connexions séparées, PostgreSQL) :
jamais au-delà de l'enveloppe de l'appel, chaque décision dans l'historique."""

from decimal import Decimal

import pytest

from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier
from fonds.financement.models import Subvention
from guichet_national.services import appels, jury
from tests.concurrence import SEULEMENT_POSTGRESQL, rafale

from .monde_appels import construire_appels, deposer

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]


def test_decisions_simultanees_dans_l_enveloppe(fonds, territoire, roles):
    m = construire_appels(territoire, roles)
    appel = m["appel"]  # 1 000 000 € ; dix dossiers de 200 000 € demandés
    pres = []
    for i in range(10):
        d = deposer(appel, m["rouen"], m["porteur"], titre=f"Projet {i}")
        pres.append(
            appels.preselectionner(dossier=d, par=roles["dinum"], retenu=True, motivation="Bien")
        )
    dinum = roles["dinum"]
    reussies, refusees = rafale(
        [lambda d=d: jury.decider(dossier=d, par=dinum, laureat=True) for d in pres]
    )
    # Le dossier pré-sélectionné du monde (200 000 €) n'est pas décidé : 5 places.
    assert len(reussies) == 5 and len(refusees) == 5
    appel.guichet.enveloppe.refresh_from_db()
    assert appel.guichet.enveloppe.montant_engage == Decimal("1000000.00")
    assert Subvention.objects.filter(enveloppe=appel.guichet.enveloppe).count() == 5
    acceptes = Dossier.objects.filter(guichet=appel.guichet, etat=Etat.ACCEPTE)
    assert acceptes.count() == 5
    for d in acceptes:
        assert d.history.filter(history_change_reason="Acceptation").exists()
