"""Le programme national d'investigations : un guichet du socle (questions et pièce de la
sorte, instruction par l'ANCT, subvention du socle à l'acceptation) dont un dossier accepté
sème une proposition au tour en recueil, une fois, au nom de sa collectivité seulement."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultation.enums import Phase
from consultation.models import Proposition
from consultation.services import investigations
from fonds.dossiers import services as dossiers
from fonds.dossiers.enums import Etat
from fonds.financement.models import Subvention

from .monde import PetitMonde, dates
from .monde_investigations import construire, deposer

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(territoire, roles, fonds):
    return construire(PetitMonde(territoire, roles))


def test_le_depot_exige_les_questions_du_programme(m, territoire, roles, client):
    dossier = dossiers.creer_dossier(
        guichet=m["guichet"], collectivite=territoire["a"], par=roles["membre_a"]
    )
    erreurs = dossiers.erreurs_de_depot(dossier)
    for champ in ("politique", "probleme", "demarche", "piece_engagement"):
        assert champ in erreurs, champ
    assert erreurs["politique"] == ["Dites de quelle politique prioritaire relève la collectivité."]
    client.force_login(roles["membre_a"])
    page = client.get(reverse("dossiers:modifier", args=[dossier.uuid])).content.decode()
    assert "Petites Villes de Demain" in page and "Lettre d&#x27;engagement" in page


def test_le_dossier_accepte_devient_une_subvention_de_l_axe_1(m):
    d = m["accepte"]
    assert d.etat == Etat.ACCEPTE
    s = Subvention.objects.get(dossier=d)
    assert s.enveloppe == m["guichet"].enveloppe and s.montant == d.montant_demande


def test_le_dossier_accepte_seme_un_besoin_au_tour_en_recueil(m, roles, client):
    client.force_login(roles["membre_a"])
    page = client.get(reverse("dossiers:dossier", args=[m["accepte"].uuid])).content.decode()
    assert "Proposer ce besoin au tour" in page
    r = client.post(reverse("consultation:semer", args=[m["accepte"].uuid]))
    p = Proposition.objects.get(investigation=m["accepte"])
    assert r.status_code == 302 and r["Location"] == reverse(
        "consultation:proposition", args=[p.uuid]
    )
    assert p.tour == m["tour"] and p.sorte == "besoin"
    assert p.titre == "Titres d'identité en mairie"
    assert p.probleme.startswith("Six semaines") and p.concernes.startswith("Les habitants")
    assert list(p.etiquettes.values_list("code", flat=True)) == ["pvd"]
    assert p.collectivite == m["accepte"].collectivite and p.auteur == roles["membre_a"]
    # Une fois par tour : le panneau montre la proposition, le second envoi est refusé.
    page = client.get(reverse("dossiers:dossier", args=[m["accepte"].uuid])).content.decode()
    assert "Proposer ce besoin au tour" not in page
    assert reverse("consultation:proposition", args=[p.uuid]) in page
    with pytest.raises(ValidationError, match="déjà semé"):
        investigations.semer(dossier=m["accepte"], par=roles["membre_a"])
    assert Proposition.objects.filter(investigation=m["accepte"]).count() == 1


def test_seul_un_dossier_accepte_seme(m, territoire, roles):
    depose = deposer(m["guichet"], territoire["a"], roles["membre_a"], titre="Autre problème")
    with pytest.raises(ValidationError, match="accepté"):
        investigations.semer(dossier=depose, par=roles["membre_a"])
    assert not Proposition.objects.filter(investigation=depose).exists()


def test_seul_un_membre_de_la_collectivite_seme(m, roles, client):
    for personne in ("membre_b", "anct"):
        with pytest.raises(PermissionDenied):
            investigations.semer(dossier=m["accepte"], par=roles[personne])
    client.force_login(roles["membre_b"])
    assert client.post(reverse("consultation:semer", args=[m["accepte"].uuid])).status_code == 403
    assert not Proposition.objects.filter(investigation=m["accepte"]).exists()


def test_sans_tour_en_recueil_rien_n_est_seme(m, roles, client):
    type(m["tour"]).objects.filter(pk=m["tour"].pk).update(**dates(Phase.VOTE))
    with pytest.raises(ValidationError, match="Aucun tour"):
        investigations.semer(dossier=m["accepte"], par=roles["membre_a"])
    client.force_login(roles["membre_a"])
    r = client.post(reverse("consultation:semer", args=[m["accepte"].uuid]), follow=True)
    assert "Aucun tour de la consultation" in r.content.decode()
    assert not Proposition.objects.exists()
