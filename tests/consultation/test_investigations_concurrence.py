"""Trois clics simultanés sur « Proposer ce besoin » (vrais fils, PostgreSQL) : une seule
proposition semée par dossier et par tour."""

import pytest

from consultation.models import Proposition
from consultation.services import investigations
from tests.concurrence import SEULEMENT_POSTGRESQL, rafale

from .monde import PetitMonde
from .monde_investigations import construire

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]


def test_une_seule_proposition_semee(territoire, roles, fonds):
    m = construire(PetitMonde(territoire, roles))
    semer = lambda: investigations.semer(dossier=m["accepte"], par=roles["membre_a"])  # noqa: E731
    reussies, refusees = rafale([semer] * 3)
    assert len(reussies) == 1 and len(refusees) == 2
    assert all("déjà semé" in str(e) for _, e in refusees)
    assert Proposition.objects.filter(investigation=m["accepte"]).count() == 1
