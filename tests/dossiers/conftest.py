import pytest

from tests.dossiers.factories import DossierFactory, GuichetFactory


@pytest.fixture
def guichet(territoire):
    """Le guichet de la préfecture du département X, où dépose la commune A."""
    return GuichetFactory(departement=territoire["dx"], slug="guichet-dx", nom="Guichet DX")


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
