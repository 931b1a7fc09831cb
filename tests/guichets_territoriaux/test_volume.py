"""Le volume national de l'axe 3 : les guichets de préfecture du socle deviennent des guichets
territoriaux, et les pages du banc (liste d'un guichet, vue régionale, vue nationale)
s'ouvrent."""

import pytest
from django.core.management import call_command
from django.test import Client

from fonds.dossiers.models import Dossier, Guichet
from guichets_territoriaux.services.guichets import CODE_TERRITORIAL
from guichets_territoriaux.volume import pages_du_banc
from tests.collectivites.factories import CollectiviteFactory

pytestmark = pytest.mark.django_db


def test_le_volume_et_les_pages_du_banc(territoire):
    for d in ("dx", "dy", "dz"):
        for _ in range(3):
            CollectiviteFactory(departement=territoire[d])
    call_command("volume_national", echelle=0.001)
    guichets = Guichet.objects.filter(type=CODE_TERRITORIAL)
    assert guichets.count() == 3
    dossiers = Dossier.objects.filter(guichet__in=guichets)
    assert dossiers.exists()
    assert all(d.donnees["sorte_depense"] == "services_en_ligne" for d in dossiers)

    sessions = {}

    def session(email):
        from fonds.comptes.models import User

        client = Client()
        client.force_login(User.objects.get(email=email))
        sessions[email] = client
        return email

    pages = pages_du_banc(session)
    assert len(pages) == 3
    for _libelle, adresse, email in pages:
        assert sessions[email].get(adresse).status_code == 200, adresse
