"""La contribution de la consultation au volume national (toute petite échelle) et à la
démonstration."""

import pytest
from django.core.management import call_command

from consultation import volume
from consultation.enums import Issue, Phase
from consultation.models import BesoinConsolide, Bulletin, Proposition, Soutien, Tour
from fonds.collectivites.enums import Nature
from guichet_national.models import ApiNationale
from tests.collectivites.factories import CollectiviteFactory

pytestmark = pytest.mark.django_db


def test_volume_en_vote_puis_efface(territoire):
    CollectiviteFactory(nom="CC de X", nature=Nature.EPCI, departement=territoire["dx"])
    # Les API que pose la migration de l'axe 2 : un test en transaction (concurrence, sur
    # PostgreSQL) vide les tables après lui.
    ApiNationale.objects.garantir_celles_de_depart()
    call_command("volume_national", echelle=0.001)
    tour = Tour.objects.get(slug=volume.SLUG)
    assert tour.phase() == Phase.VOTE
    assert Proposition.objects.filter(tour=tour).count() == 10
    assert BesoinConsolide.objects.filter(tour=tour).count() == 2
    assert Soutien.objects.filter(tour=tour).exists()
    # Un bulletin par collectivité, ses soutiens comptés.
    for b in Bulletin.objects.filter(tour=tour):
        assert b.soutiens.count() == b.nb_soutiens
    assert not Proposition.objects.filter(issue=Issue.REORIENTEE, guichet__isnull=True).exists()
    call_command("volume_national", effacer=True)
    assert not Tour.objects.exists() and not Soutien.objects.exists()


def test_la_demo_pose_deux_tours_et_est_idempotente(settings):
    settings.DEBUG = True
    call_command("demo")
    call_command("demo")
    recueil = Tour.objects.get(slug="consultation-2026")
    assert recueil.phase() == Phase.RECUEIL
    assert set(Proposition.objects.filter(tour=recueil).values_list("issue", flat=True)) == set(
        Issue.values
    )
    assert recueil.enveloppe is not None and recueil.enveloppe.parent.axe == "axe1"
    ancien = Tour.objects.get(slug="consultation-2021")
    assert ancien.phase() == Phase.DEVELOPPEMENT and ancien.resultats_publics
    assert Bulletin.objects.filter(tour=ancien).count() >= 30
    # Ce que le comité 2021 a retenu : RDV Solidarités au Territoires Store, un service en
    # construction avec sa consultation des référents, un besoin non retenu.
    from consultation.models import AdhesionService, Question, ServiceRetenu

    assert [s.nom for s in ServiceRetenu.objects.au_store()] == ["RDV Solidarités"]
    assert ServiceRetenu.objects.filter(tour=ancien).count() == 2
    assert Question.objects.filter(service__tour=ancien).count() == 1
    assert AdhesionService.objects.filter(service__nom="RDV Solidarités").count() == 1
    # Le programme national d'investigations : un dossier accepté (sa subvention), un déposé.
    from fonds.dossiers.models import Dossier

    etats = sorted(
        Dossier.objects.filter(guichet__slug="investigations-2026").values_list("etat", flat=True)
    )
    assert etats == ["accepte", "depose"]
    assert Dossier.objects.get(guichet__slug="investigations-2026", etat="accepte").subvention
