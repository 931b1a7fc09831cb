"""Deux membres (et plus) d'une même collectivité envoient son bulletin en même temps (vrais
fils, connexions séparées, PostgreSQL) : un seul bulletin, jamais plus de soutiens que la
règle, jamais deux soutiens d'une collectivité au même besoin ; un changement du calendrier
pendant une rafale ne laisse passer aucun soutien après la clôture."""

import pytest
from django.utils import timezone

from consultation.enums import Issue, Phase
from consultation.models import Bulletin, Soutien, Tour
from consultation.services import groupes, propositions, tours
from consultation.services.votes import voter
from tests.comptes.factories import AdhesionFactory
from tests.concurrence import SEULEMENT_POSTGRESQL, rafale

from .monde import besoin, ouvrir

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]


def _tour_en_vote(territoire, roles, *, max_soutiens=None, n=6):
    tour = ouvrir("concurrence", Phase.VOTE, max_soutiens=max_soutiens)
    cibles = []
    for i in range(n):
        p = besoin(tour, roles["membre_b"], territoire["b"], titre=f"Besoin {i}")
        propositions.decider_issue(proposition=p, issue=Issue.GARDEE, par=roles["anct"])
        cibles.append(p)
    g = groupes.regrouper(
        propositions=cibles[:2], titre="Groupe", description="…", par=roles["anct"]
    )
    tour.refresh_from_db()
    return tour, g, cibles[2:]


def test_deux_membres_votent_ensemble_un_seul_bulletin(territoire, roles):
    tour, g, seules = _tour_en_vote(territoire, roles, max_soutiens=2)
    a = territoire["a"]
    membres = [roles["membre_a"]] + [AdhesionFactory(collectivite=a).user for _ in range(5)]
    choix = [
        {"groupes": [g], "propositions": [seules[i % len(seules)]]} for i in range(len(membres))
    ]
    actions = [
        (lambda m=m, c=c: voter(tour=tour, collectivite=a, par=m, **c))
        for m, c in zip(membres * 2, choix * 2, strict=True)
    ]
    reussies, refusees = rafale(actions)
    assert len(reussies) == 12 and not refusees
    assert Bulletin.objects.filter(tour=tour, collectivite=a).count() == 1
    soutiens = Soutien.objects.filter(tour=tour, collectivite=a)
    assert soutiens.count() == 2  # le dernier bulletin passé, jamais la somme des envois
    assert soutiens.filter(groupe=g).count() == 1
    bulletin = Bulletin.objects.get(tour=tour, collectivite=a)
    assert bulletin.history.count() == 12


def test_la_limite_tient_sous_unerafale(territoire, roles):
    tour, g, seules = _tour_en_vote(territoire, roles, max_soutiens=2)
    a = territoire["a"]
    membres = [AdhesionFactory(collectivite=a).user for _ in range(8)]
    actions = []
    for i, m in enumerate(membres):
        trop = i % 2 == 0
        cibles = {"groupes": [g], "propositions": seules[: 2 if trop else 1]}
        actions.append(lambda m=m, c=cibles: voter(tour=tour, collectivite=a, par=m, **c))
    reussies, refusees = rafale(actions)
    assert len(reussies) == 4 and len(refusees) == 4
    assert Soutien.objects.filter(tour=tour, collectivite=a).count() == 2


def test_aucun_soutien_apres_la_cloture_du_vote(territoire, roles):
    tour, g, seules = _tour_en_vote(territoire, roles)
    a = territoire["a"]
    membres = [AdhesionFactory(collectivite=a).user for _ in range(6)]

    def clore():
        return tours.decaler_phase(
            tour=Tour.objects.get(pk=tour.pk),
            champ="selection_debut",
            date=timezone.now(),
            motif="Clôture anticipée",
            par=roles["anct"],
        )

    actions = [clore] + [
        (lambda m=m: voter(tour=tour, collectivite=a, groupes=[g], par=m)) for m in membres
    ]
    rafale(actions)
    tour.refresh_from_db()
    assert tour.phase() == Phase.SELECTION
    cloture = tour.selection_debut
    assert not Soutien.objects.filter(tour=tour, cree_le__gt=cloture).exists()
