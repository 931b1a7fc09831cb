"""Les règles de la consultation, service par service : phases, recueil, issues, regroupement,
vote (un bulletin, limite, qui vote), résultats."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultation import resultats
from consultation.enums import Issue, Phase, SortieGroupe, Taille
from consultation.models import Bulletin, MouvementGroupe, Proposition, Soutien, Tour
from consultation.services import groupes, propositions, tours
from consultation.services.votes import voter
from fonds.collectivites.enums import Nature
from fonds.notifications.models import Notification
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory

from .monde import besoin, dates, ouvrir

pytestmark = pytest.mark.django_db


def test_la_phase_suit_les_dates():
    for phase in (Phase.RECUEIL, Phase.VOTE, Phase.SELECTION, Phase.INTERET, Phase.DEVELOPPEMENT):
        assert ouvrir(f"t-{phase}", phase).phase() == phase
    assert ouvrir("t-avenir", Phase.A_VENIR).phase() == Phase.A_VENIR


def test_une_phase_qui_finit_avant_de_commencer_est_refusee(roles):
    tour = ouvrir("ordre")
    with pytest.raises(ValidationError) as exc:
        tours.decaler_phase(
            tour=tour,
            champ="vote_debut",
            date=tour.recueil_debut - datetime.timedelta(days=1),
            motif="Erreur de saisie",
            par=roles["anct"],
        )
    assert "doit commencer après" in str(exc.value)
    tour.refresh_from_db()
    assert tour.phase() == Phase.RECUEIL


def test_cloture_anticipee_avec_motif_dans_l_historique(roles):
    tour = ouvrir("cloture")
    with pytest.raises(ValidationError):
        tours.decaler_phase(
            tour=tour, champ="vote_debut", date=timezone.now(), motif=" ", par=roles["anct"]
        )
    with pytest.raises(PermissionDenied):
        tours.decaler_phase(
            tour=tour, champ="vote_debut", date=timezone.now(), motif="x", par=roles["membre_a"]
        )
    tours.decaler_phase(
        tour=tour,
        champ="vote_debut",
        date=timezone.now() - datetime.timedelta(minutes=1),
        motif="Assez de propositions reçues",
        par=roles["anct"],
    )
    tour.refresh_from_db()
    assert tour.phase() == Phase.VOTE
    derniere = tour.history.order_by("-history_date").first()
    assert "Assez de propositions reçues" in derniere.history_change_reason
    assert derniere.history_user == roles["anct"]


def test_second_tour_sur_ce_qui_reste_de_l_axe_1(fonds, roles):
    t1 = tours.ouvrir_tour(
        nom="Premier", slug="premier", dates=dates(), par=roles["anct"], montant=Decimal("29000000")
    )
    assert t1.enveloppe.parent.axe == "axe1"
    with pytest.raises(ValidationError):
        tours.ouvrir_tour(
            nom="Second",
            slug="second",
            dates=dates(),
            par=roles["anct"],
            montant=Decimal("2000000"),
        )
    t2 = tours.ouvrir_tour(
        nom="Second", slug="second", dates=dates(), par=roles["anct"], montant=Decimal("1000000")
    )
    assert t2.enveloppe.montant == Decimal("1000000")


def test_proposer_un_besoin_sans_probleme_est_refuse(territoire, roles):
    tour = ouvrir("sans-probleme")
    with pytest.raises(ValidationError) as exc:
        propositions.proposer(
            tour=tour,
            par=roles["membre_a"],
            sorte="besoin",
            titre="Un besoin",
            collectivite=territoire["a"],
            probleme="",
            concernes="Tous",
        )
    assert "probleme" in exc.value.message_dict
    assert not Proposition.objects.exists()


def test_qui_propose_et_quand(territoire, roles):
    tour = ouvrir("qui")
    for role in ("sans_collectivite", "en_attente_a", "instructeur_dx"):
        with pytest.raises(PermissionDenied):
            besoin(tour, roles[role], territoire["a"])
    with pytest.raises(PermissionDenied):
        besoin(tour, roles["membre_b"], territoire["a"])  # pas membre de A
    p = besoin(tour, roles["partenaire"], None)
    assert p.organisation == "Asso" and p.collectivite is None
    vote = ouvrir("qui-vote", Phase.VOTE)
    with pytest.raises(ValidationError, match="recueil"):
        propositions.proposer(
            tour=vote,
            par=roles["membre_a"],
            sorte="service",
            titre="Un service",
            collectivite=territoire["a"],
            ce_qu_il_fait="Il fait",
            operateurs="Nous",
        )


def test_rejoindre_une_fois_par_collectivite(monde_consultation, territoire, roles):
    p = monde_consultation["p_a"]
    propositions.joindre(proposition=p, collectivite=territoire["b"], par=roles["membre_b"])
    with pytest.raises(ValidationError):
        propositions.joindre(proposition=p, collectivite=territoire["b"], par=roles["membre_b"])
    with pytest.raises(ValidationError):
        propositions.joindre(proposition=p, collectivite=territoire["a"], par=roles["membre_a"])
    assert p.jonctions.count() == 1
    p.refresh_from_db()
    assert p.nb_jonctions == 1  # le nombre affiché par les listes


def test_issues_notifiees_aux_auteurs(monde_consultation, roles):
    p = monde_consultation["p_partenaire"]
    with pytest.raises(ValidationError) as exc:
        propositions.decider_issue(proposition=p, issue=Issue.REJETEE, par=roles["anct"])
    assert "raison" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        propositions.decider_issue(proposition=p, issue=Issue.GARDEE, par=roles["membre_a"])
    propositions.decider_issue(
        proposition=p, issue=Issue.REJETEE, raison="Hors champ", par=roles["anct"]
    )
    n = Notification.objects.get(destinataire=roles["partenaire"])
    assert "Hors champ" in n.texte
    reorientee = monde_consultation["reorientee"]
    assert reorientee.guichet == monde_consultation["guichet"]
    assert Notification.objects.filter(destinataire=roles["membre_b"], titre__contains="réorientée")


def test_regrouper_ne_perd_rien_et_dit_ou_chaque_proposition_va(monde_consultation, roles):
    m = monde_consultation
    anct = roles["anct"]
    g = m["groupe"]
    nouveau = groupes.regrouper(
        propositions=[m["seule"], Proposition.objects.get(titre="Gestion des salles municipales")],
        titre="Cartes et salles",
        description="…",
        par=anct,
    )
    v1 = Proposition.objects.get(titre="Gestion des salles municipales")
    assert v1.groupe == nouveau
    assert list(MouvementGroupe.objects.filter(proposition=v1).values_list("sens", "groupe")) == [
        (SortieGroupe.ENTREE, g.pk),
        (SortieGroupe.SORTIE, g.pk),
        (SortieGroupe.ENTREE, nouveau.pk),
    ]
    groupes.degrouper(proposition=v1, par=anct)
    assert Proposition.objects.filter(tour=m["vote"]).count() == 5
    with pytest.raises(ValidationError, match="tours différents"):
        groupes.regrouper(propositions=[m["p_a"]], groupe=g, par=anct)
    with pytest.raises(ValidationError, match="gardées"):
        groupes.regrouper(propositions=[m["rejetee"]], groupe=g, par=anct)
    with pytest.raises(PermissionDenied):
        groupes.regrouper(propositions=[m["seule"]], groupe=g, par=roles["membre_a"])


def test_suggestions_de_doublons(monde_consultation):
    sugg = groupes.suggestions(monde_consultation["p_a"])
    assert [p.titre for p in sugg] == ["Prise de rendez-vous en ligne des usagers"]


def test_estimer(monde_consultation, roles):
    g = groupes.estimer(
        groupe=monde_consultation["groupe"],
        cout_developpement=Decimal("120000"),
        cout_deploiement=Decimal("30000"),
        par=roles["anct"],
    )
    assert g.cout_developpement == Decimal("120000")
    with pytest.raises(ValidationError):
        groupes.estimer(
            groupe=g, cout_developpement=Decimal("-1"), cout_deploiement=None, par=roles["anct"]
        )


def test_un_bulletin_que_la_collectivite_change(monde_consultation, territoire, roles):
    m = monde_consultation
    tour, g = m["vote"], m["groupe"]
    voter(tour=tour, collectivite=territoire["a"], groupes=[g], par=roles["membre_a"])
    autre = AdhesionFactory(collectivite=territoire["a"]).user
    voter(tour=tour, collectivite=territoire["a"], propositions=[m["seule"]], par=autre)
    bulletin = Bulletin.objects.get(tour=tour, collectivite=territoire["a"])
    assert list(bulletin.soutiens.values_list("groupe", "proposition")) == [(None, m["seule"].pk)]
    historique = list(bulletin.history.order_by("history_date"))
    assert [h.history_user for h in historique] == [roles["membre_a"], autre]


@pytest.mark.parametrize(
    "role", ["partenaire", "en_attente_a", "instructeur_dx", "anct", "sans_collectivite"]
)
def test_ne_votent_jamais(monde_consultation, territoire, roles, role):
    avant = Soutien.objects.count()
    with pytest.raises(PermissionDenied):
        voter(
            tour=monde_consultation["vote"],
            collectivite=territoire["a"],
            groupes=[monde_consultation["groupe"]],
            par=roles[role],
        )
    assert Soutien.objects.count() == avant


def test_pas_de_soutien_hors_du_vote_ni_au_dela_de_la_limite(monde_consultation, territoire, roles):
    m = monde_consultation
    with pytest.raises(ValidationError, match="pas ouvert"):
        voter(tour=m["recueil"], collectivite=territoire["a"], par=roles["membre_a"])
    Tour.objects.filter(pk=m["vote"].pk).update(max_soutiens=1)
    m["vote"].refresh_from_db()
    with pytest.raises(ValidationError, match="au plus 1 soutien"):
        voter(
            tour=m["vote"],
            collectivite=territoire["a"],
            groupes=[m["groupe"]],
            propositions=[m["seule"]],
            par=roles["membre_a"],
        )
    assert not Bulletin.objects.filter(collectivite=territoire["a"]).exists()
    with pytest.raises(ValidationError):
        voter(
            tour=m["vote"],
            collectivite=territoire["a"],
            propositions=[m["rejetee"]],
            par=roles["membre_a"],
        )


def test_les_groupements_ne_votent_que_si_le_tour_le_permet(monde_consultation, roles):
    m = monde_consultation
    syndicat = CollectiviteFactory(nature=Nature.SYNDICAT_MIXTE, nom="Syndicat")
    membre = AdhesionFactory(collectivite=syndicat).user
    with pytest.raises(PermissionDenied, match="groupements"):
        voter(tour=m["vote"], collectivite=syndicat, groupes=[m["groupe"]], par=membre)
    Tour.objects.filter(pk=m["vote"].pk).update(groupements_votent=True)
    m["vote"].refresh_from_db()
    voter(tour=m["vote"], collectivite=syndicat, groupes=[m["groupe"]], par=membre)


def test_resultats_par_taille_et_nature(monde_consultation, territoire, roles):
    m = monde_consultation
    petite = CollectiviteFactory(population=800, departement=territoire["dx"])
    voter(
        tour=m["vote"],
        collectivite=petite,
        groupes=[m["groupe"]],
        par=AdhesionFactory(collectivite=petite).user,
    )
    ligne = next(ligne for ligne in resultats.lignes(m["vote"]) if ligne.cible == m["groupe"])
    assert ligne.total == 2
    tailles = {lib: n for lib, n, _ in ligne.tailles}
    assert tailles[Taille.PETITE.label] >= 1
    assert dict(ligne.natures)["Communes"] == 2
    regions = resultats.par_region(m["vote"], groupe=m["groupe"])
    assert sum(r["soutiens"] for r in regions) == 2
