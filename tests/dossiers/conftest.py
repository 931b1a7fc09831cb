import pytest
from django.core import mail

from fonds.notifications.models import Notification
from tests.dossiers.factories import DossierFactory, GuichetFactory
from tests.financement.conftest import enveloppe_dx, fonds  # noqa: F401 (fixtures)


@pytest.fixture
def guichet(territoire, enveloppe_dx):  # noqa: F811
    """Le guichet de la préfecture du département X, où dépose la commune A ; il engage ses
    subventions sur l'enveloppe du département (100 000 €)."""
    guichet = GuichetFactory(
        departement=territoire["dx"], slug="guichet-dx", nom="Guichet DX", enveloppe=enveloppe_dx
    )
    # Les avis de création de l'enveloppe aux agents ne sont pas le sujet de ces tests.
    Notification.objects.all().delete()
    mail.outbox[:] = []
    return guichet


@pytest.fixture
def dossier(guichet, territoire, roles):
    """Un brouillon complet de la commune A."""
    return DossierFactory(guichet=guichet, collectivite=territoire["a"], cree_par=roles["membre_a"])


@pytest.fixture
def depose(guichet, territoire, roles):
    return DossierFactory(
        guichet=guichet, collectivite=territoire["a"], cree_par=roles["membre_a"], depose=True
    )


@pytest.fixture
def en_instruction(guichet, territoire, roles):
    return DossierFactory(
        guichet=guichet,
        collectivite=territoire["a"],
        cree_par=roles["membre_a"],
        en_instruction=True,
    )
