"""La convention et le versement que le portail déclenche lui-même (guichet à décision
automatique) : mêmes règles et même verrou que ceux d'un agent, l'historique dit « Décision
automatique du portail » ; les versions avec agent gardent leur contrôle de droit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fonds.comptes.services import EMAIL_ACTEUR_SYSTEME
from fonds.financement import services
from fonds.financement.enums import Axe, StatutSubvention, TypeVersement
from fonds.financement.models import Subvention

from .conftest import attribuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def subvention(fonds, territoire, roles):
    return attribuer(fonds[Axe.AXE_2], territoire["c"], roles["dinum"], montant="5000.00")


def test_convention_emise_par_le_portail(subvention, roles, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        services.emettre_convention(subvention=subvention, par=roles["membre_a"])
    # Le PDF est produit par la tâche mise en file après la validation de la transaction.
    with django_capture_on_commit_callbacks(execute=True):
        convention = services.emettre_convention_automatiquement(subvention=subvention)
    assert convention.emise_par.email == EMAIL_ACTEUR_SYSTEME
    subvention.refresh_from_db()
    assert subvention.statut == StatutSubvention.CONVENTION_EMISE


def test_versement_par_le_portail_seulement_sur_convention_signee(subvention):
    aujourd_hui = datetime.date.today()
    with pytest.raises(ValidationError, match="enregistrer un versement"):
        services.verser_automatiquement(
            subvention=subvention,
            type=TypeVersement.SOLDE,
            montant=Decimal("5000.00"),
            date=aujourd_hui,
            reference="AUTO-1",
        )
    Subvention.objects.filter(pk=subvention.pk).update(statut=StatutSubvention.SIGNEE)
    versement = services.verser_automatiquement(
        subvention=subvention,
        type=TypeVersement.SOLDE,
        montant=Decimal("5000.00"),
        date=aujourd_hui,
        reference="AUTO-1",
    )
    assert versement.par.email == EMAIL_ACTEUR_SYSTEME
    subvention.refresh_from_db()
    assert subvention.statut == StatutSubvention.SOLDEE
    with pytest.raises(ValidationError):
        services.verser_automatiquement(
            subvention=subvention,
            type=TypeVersement.SOLDE,
            montant=Decimal("1.00"),
            date=aujourd_hui,
            reference="AUTO-2",
        )
