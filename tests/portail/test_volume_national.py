"""La commande `volume_national`, à toute petite échelle : elle peuple chaque domaine, tient les
invariants de l'argent, ne double rien quand on la relance, et s'efface entièrement."""

import pytest
from django.core.management import call_command
from django.db.models import F, Q, Sum

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Departement
from fonds.comptes.models import User
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier, Guichet, PieceJointe
from fonds.financement.models import Enveloppe, Subvention
from fonds.portail import volume
from tests.collectivites.factories import CollectiviteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registre(territoire):
    """Le petit territoire des tests, avec un conseil départemental et un EPCI."""
    CollectiviteFactory(
        nom="Département X", nature=Nature.DEPARTEMENT, departement=territoire["dx"]
    )
    CollectiviteFactory(nom="CC de X", nature=Nature.EPCI, departement=territoire["dx"])
    return territoire


def _verifier_invariants():
    for e in Enveloppe.objects.all():
        delegue = e.enfants.aggregate(s=Sum("montant"))["s"] or 0
        engage = e.engagements.aggregate(s=Sum("montant"))["s"] or 0
        assert (e.montant_delegue, e.montant_engage) == (delegue, engage), e
        assert e.montant >= delegue + engage, e
    for s in Subvention.objects.annotate(verse=Sum("versements__montant")):
        assert (s.verse or 0) == s.montant_verse <= s.montant
        assert s.engagement.montant in (0, s.montant)


def test_peuple_chaque_domaine_en_tenant_les_invariants(registre, capsys):
    call_command("volume_national", echelle=0.001)

    bilan = volume.bilan()
    # Le socle pose 20 dossiers et 5 subventions sur ses guichets ; les axes ajoutent les leurs.
    socle = Q(guichet__slug__startswith="volume-axe")
    assert Dossier.objects.filter(socle).count() == 20
    assert (
        Subvention.objects.filter(cree_par__email__endswith=volume.DOMAINE)
        .filter(Q(dossier__isnull=True) | Q(dossier__guichet__slug__startswith="volume-axe"))
        .count()
    ) == 5
    assert bilan["dossiers"] >= 20
    assert all(bilan[cle] > 0 for cle in ("comptes", "adhesions", "pieces", "notifications"))
    # Un guichet par département, plus les quatre guichets nationaux de l'axe 2.
    assert Guichet.objects.filter(slug__startswith="volume-axe3-").count() == (
        Departement.objects.count()
    )
    assert Guichet.objects.filter(slug__startswith="volume-axe2-").count() == 4
    _verifier_invariants()
    # Chaque subvention d'un dossier renvoie à un dossier accepté ; toutes les pièces
    # pointent vers le même petit fichier, qui existe.
    # Les autres sont des projets de l'axe 1, attribués hors dossier avec un motif.
    references = set(
        Subvention.objects.filter(dossier__isnull=False).values_list("dossier__etat", flat=True)
    )
    assert references == {Etat.ACCEPTE}
    assert not Subvention.objects.filter(dossier__isnull=True, motif_exceptionnel="").exists()
    assert (
        not Subvention.objects.filter(dossier__isnull=False)
        .exclude(dossier__guichet__enveloppe=F("enveloppe"))
        .exists()
    )
    piece = PieceJointe.objects.first()
    assert piece.fichier.storage.exists(piece.fichier.name)
    # Un dossier déposé a son historique : création, puis dépôt.
    depose = Dossier.objects.filter(socle).exclude(etat=Etat.BROUILLON).first()
    assert depose.history.count() == 2


def test_relancer_ne_double_rien_et_reset_recree(registre):
    call_command("volume_national", echelle=0.001)
    avant = volume.bilan()
    call_command("volume_national", echelle=0.001)
    assert volume.bilan() == avant
    call_command("volume_national", echelle=0.001, reset=True)
    assert volume.bilan() == avant
    _verifier_invariants()


def test_effacer_ne_laisse_rien(registre):
    call_command("volume_national", echelle=0.001)
    call_command("volume_national", effacer=True)

    assert set(volume.bilan().values()) == {0}
    assert not User.objects.filter(email__endswith=volume.DOMAINE).exists()
    assert not Enveloppe.objects.exists()
    assert not Dossier.history.exists()
