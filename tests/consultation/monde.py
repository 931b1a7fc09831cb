"""Le petit monde de la consultation, partagé par les tests, la matrice, les budgets et le
fuzz : un tour en recueil (des propositions de la commune A, de la commune B et d'un
partenaire, un commentaire) et un tour en vote (un besoin consolidé, une proposition seule
gardée, une proposition réorientée, une rejetée ; le bulletin de la commune B)."""

import datetime

from django.utils import timezone

from consultation.enums import DEBUTS, Issue, Phase
from consultation.models import Tour
from consultation.models.propositions import garantir_referentiels
from consultation.services import groupes, propositions
from consultation.services.votes import voter
from tests.dossiers.factories import GuichetFactory

JOUR = datetime.timedelta(days=1)


def dates(en: str = Phase.RECUEIL) -> dict:
    """Des dates où la phase `en` est en cours (commencée hier, la suivante dans 10 jours)."""
    maintenant = timezone.now()
    rang = [p for p, _ in DEBUTS].index(en) if en != Phase.A_VENIR else -1
    resultat = {}
    for i, (_, champ) in enumerate(DEBUTS):
        resultat[champ] = maintenant + (i - rang) * 10 * JOUR - (JOUR if i <= rang else 0 * JOUR)
    return resultat


def ouvrir(slug: str, en: str = Phase.RECUEIL, **regles) -> Tour:
    tour = Tour(nom=f"Tour {slug}", slug=slug, **dates(en), **regles)
    tour.full_clean()
    tour.save()
    return tour


def besoin(tour, par, collectivite=None, titre="Prise de rendez-vous en ligne", **champs):
    garantir_referentiels()
    valeurs = {
        "probleme": "Les habitants appellent la mairie pour chaque rendez-vous.",
        "concernes": "Les agents d'accueil et les habitants.",
        "frequence": "Chaque jour",
        "existant": "Un agenda papier.",
        **champs,
    }
    if tour.phase() != Phase.RECUEIL:
        # Déposée pendant le recueil : le monde remonte le temps pour elle.
        sauve = {c: getattr(tour, c) for _, c in DEBUTS}
        Tour.objects.filter(pk=tour.pk).update(**dates(Phase.RECUEIL))
        tour.refresh_from_db()
        p = propositions.proposer(
            tour=tour, par=par, sorte="besoin", titre=titre, collectivite=collectivite, **valeurs
        )
        Tour.objects.filter(pk=tour.pk).update(**sauve)
        tour.refresh_from_db()
        p.tour = tour
        return p
    return propositions.proposer(
        tour=tour, par=par, sorte="besoin", titre=titre, collectivite=collectivite, **valeurs
    )


def construire(monde) -> dict:
    t, r = monde.territoire, monde.roles
    anct = r["anct"]
    recueil = ouvrir("recueil-preuves")
    p_a = besoin(recueil, r["membre_a"], t["a"], titre="Prise de rendez-vous en ligne")
    p_b = besoin(recueil, r["membre_b"], t["b"], titre="Prise de rendez-vous en ligne des usagers")
    p_partenaire = besoin(recueil, r["partenaire"], None, titre="Observatoire des données locales")
    commentaire = propositions.commenter(proposition=p_a, texte="Nous aussi !", par=r["membre_b"])
    vote = ouvrir("vote-preuves", Phase.VOTE)
    v1 = besoin(vote, r["membre_a"], t["a"], titre="Gestion des salles municipales")
    v2 = besoin(vote, r["membre_b"], t["b"], titre="Réservation des salles communales")
    v3 = besoin(vote, r["membre_a"], t["a"], titre="Cartographie des réseaux")
    v4 = besoin(vote, r["membre_b"], t["b"], titre="Subvention d'équipement informatique")
    v5 = besoin(vote, r["membre_b"], t["b"], titre="Publicité commerciale")
    for p in (v1, v2, v3):
        propositions.decider_issue(proposition=p, issue=Issue.GARDEE, par=anct)
    guichet = GuichetFactory(nom="Guichet de l'axe 3 (réorientation)")
    propositions.decider_issue(proposition=v4, issue=Issue.REORIENTEE, guichet=guichet, par=anct)
    propositions.decider_issue(
        proposition=v5, issue=Issue.REJETEE, raison="Hors du champ du fonds.", par=anct
    )
    for p in (p_a, p_b):
        propositions.decider_issue(proposition=p, issue=Issue.GARDEE, par=anct)
    groupe = groupes.regrouper(
        propositions=[v1, v2],
        titre="Réserver les salles municipales",
        description="Un outil commun de réservation des salles.",
        par=anct,
    )
    voter(tour=vote, collectivite=t["b"], groupes=[groupe], propositions=[v3], par=r["membre_b"])
    return {
        "recueil": recueil,
        "vote": vote,
        "p_a": p_a,
        "p_b": p_b,
        "p_partenaire": p_partenaire,
        "commentaire": commentaire,
        "groupe": groupe,
        "seule": v3,
        "groupee": v1,
        "reorientee": v4,
        "rejetee": v5,
        "guichet": guichet,
    }


def grossir(monde, n: int) -> None:
    """n propositions de plus dans chaque tour, n/5 groupes, n collectivités qui votent."""
    from tests.collectivites.factories import CollectiviteFactory
    from tests.comptes.factories import AdhesionFactory

    m = monde.axes["consultation"]
    r, t = monde.roles, monde.territoire
    anct = r["anct"]
    nouvelles = []
    for i in range(n):
        c = CollectiviteFactory(departement=t["dx"], population=500 * (i + 1) ** 2)
        membre = AdhesionFactory(collectivite=c).user
        nouvelles.append((c, membre))
        p = besoin(m["recueil"], membre, c, titre=f"Besoin de volume {i}")
        propositions.commenter(proposition=p, texte=f"Commentaire {i}", par=membre)
        propositions.joindre(proposition=m["p_a"], collectivite=c, par=membre)
        q = besoin(m["vote"], membre, c, titre=f"Salles et équipements {i}")
        propositions.decider_issue(proposition=q, issue=Issue.GARDEE, par=anct)
        if i % 5 == 0:
            groupes.regrouper(
                propositions=[q], titre=f"Groupe de volume {i}", description="…", par=anct
            )
        elif i % 5 == 1:
            groupes.regrouper(propositions=[q], groupe=m["groupe"], par=anct)
    seules = [m["seule"]]
    for c, membre in nouvelles:
        voter(
            tour=m["vote"], collectivite=c, groupes=[m["groupe"]], propositions=seules, par=membre
        )


class PetitMonde:
    """Le territoire et les rôles des fixtures, sous la forme qu'attendent les `construire`
    des petits mondes (comme le monde des preuves)."""

    def __init__(self, territoire, roles):
        self.territoire, self.roles = territoire, roles
