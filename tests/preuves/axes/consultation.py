"""La consultation (axe 1) dans la matrice et les budgets.

Le monde (tests/consultation/monde.py) : un tour en recueil (propositions des communes A et B,
gardées, et d'un partenaire, en examen ; un commentaire) et un tour en vote (un besoin
consolidé, une proposition seule, une réorientée, une rejetée ; le bulletin de la commune B).
Public : les tours, les propositions, les besoins consolidés, les résultats et leurs données
ouvertes. Membres vérifiés : proposer, rejoindre, voter ; partenaires : proposer ; toute
personne connectée : commenter. ANCT et administrateurs : calendrier, modération, issues,
regroupement, estimations. Partenaires, membres en attente et agents ne votent jamais."""

import datetime

from django.utils import timezone

from consultation.models import (
    BesoinConsolide,
    Commentaire,
    Jonction,
    MouvementGroupe,
    Proposition,
    Soutien,
    Tour,
)
from tests.consultation.monde import construire, grossir  # noqa: F401
from tests.preuves.monde import INTERDIT, INVALIDE, METHODE, OK, REDIRIGE, ROLES
from tests.preuves.pages import Page, connecte, pour, selon

ANCT = ("anct", "administrateur")
MEMBRES = ("membre_a", "membre_b")
PUBLIC = selon(OK)
LECTURE = selon(METHODE)


def _m(m):
    return m.axes["consultation"]


def _recueil(m):
    return {"slug": _m(m)["recueil"].slug}


def _vote(m):
    return {"slug": _m(m)["vote"].slug}


def _uuid(cle):
    return lambda m: {"uuid": _m(m)[cle].uuid}


def _etat_propositions(m):
    return sorted(
        Proposition.objects.values_list("pk", "issue", "groupe_id", "raison", "guichet_id")
    )


def _etat_groupes(m):
    return (
        _etat_propositions(m),
        sorted(BesoinConsolide.objects.values_list("pk", "cout_developpement", "cout_deploiement")),
        MouvementGroupe.objects.count(),
    )


def _etat_soutiens(m):
    return sorted(
        Soutien.objects.values_list("collectivite_id", "groupe_id", "proposition_id"), key=str
    )


def _tous(marqueur):
    return lambda m: {marqueur: ROLES}


PAGES = {
    "consultation:tours": Page(get=PUBLIC, post=LECTURE, visible=_tous("Tour recueil-preuves")),
    "consultation:tour": Page(get=PUBLIC, post=LECTURE, kwargs=_recueil),
    "consultation:propositions": Page(
        get=PUBLIC,
        post=LECTURE,
        kwargs=_recueil,
        parametres={"q": "usagers", "sorte": "besoin"},
        visible=lambda m: {
            "Prise de rendez-vous en ligne des usagers": ROLES,
            "Observatoire des données locales": (),
        },
    ),
    "consultation:proposition": Page(
        get=PUBLIC,
        post=LECTURE,
        kwargs=_uuid("p_a"),
        visible=lambda m: {"Nous aussi !": ROLES, "Décider de l'issue": ANCT},
    ),
    "consultation:groupe": Page(
        get=PUBLIC,
        post=LECTURE,
        kwargs=_uuid("groupe"),
        visible=lambda m: {"Gestion des salles municipales": ROLES, "Estimer les coûts": ANCT},
    ),
    "consultation:resultats": Page(
        get=PUBLIC,
        post=LECTURE,
        kwargs=_vote,
        visible=_tous("Réserver les salles municipales"),
    ),
    "consultation:resultats_csv": Page(
        get=PUBLIC, post=LECTURE, kwargs=_vote, visible=_tous("Commune B")
    ),
    "consultation:resultats_json": Page(
        get=PUBLIC, post=LECTURE, kwargs=_vote, visible=_tous("Commune B")
    ),
    # Un membre vérifié propose au nom de sa collectivité, un partenaire au nom de son
    # organisation ; la commune B et le partenaire ne proposent pas au nom de A (422).
    "consultation:proposer": Page(
        get=pour((*MEMBRES, "partenaire"), OK),
        post=connecte(INTERDIT, membre_a=REDIRIGE, membre_b=INVALIDE, partenaire=INVALIDE),
        kwargs=_recueil,
        donnees=lambda m: {
            "collectivite": str(m.territoire["a"].uuid),
            "sorte": "besoin",
            "titre": "Accueil numérique des nouveaux habitants",
            "probleme": "Les nouveaux habitants ne trouvent pas les démarches.",
            "concernes": "Les nouveaux habitants.",
        },
        etat=_etat_propositions,
    ),
    "consultation:joindre": Page(
        get=connecte(METHODE),
        post=connecte(INTERDIT, membre_a=INVALIDE, membre_b=REDIRIGE),
        kwargs=_uuid("p_a"),
        donnees=lambda m: {"collectivite": str(m.territoire["b"].uuid)},
        etat=lambda m: Jonction.objects.count(),
    ),
    "consultation:commenter": Page(
        get=connecte(METHODE),
        post=connecte(REDIRIGE),
        kwargs=_uuid("p_a"),
        donnees=lambda m: {"texte": "Un avis de plus."},
        etat=lambda m: Commentaire.objects.count(),
    ),
    # Le bulletin : les membres vérifiés ; les partenaires, les membres en attente, les
    # personnes sans collectivité et les agents sont refusés (403) et rien n'est écrit.
    "consultation:bulletin": Page(
        get=pour(MEMBRES, OK),
        post=connecte(INTERDIT, membre_a=REDIRIGE, membre_b=INVALIDE),
        kwargs=_vote,
        donnees=lambda m: {
            "collectivite": str(m.territoire["a"].uuid),
            "groupes": [str(_m(m)["groupe"].uuid)],
        },
        etat=_etat_soutiens,
        visible=lambda m: {"Bulletin de Commune B": ("membre_b",)},
    ),
    "consultation:calendrier": Page(
        get=pour(ANCT, OK),
        post=pour(ANCT, REDIRIGE),
        kwargs=_vote,
        donnees=lambda m: {
            "champ": "developpement_debut",
            "date": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            "heure": "10:00",
            "motif": "Le comité se réunit plus tard.",
        },
        etat=lambda m: sorted(Tour.objects.values_list("pk", "developpement_debut")),
    ),
    "consultation:ouvrir_tour": Page(
        get=pour(ANCT, OK),
        post=pour(ANCT, REDIRIGE),
        donnees=lambda m: {
            "nom": "Tour de la matrice",
            **{
                champ: (timezone.localdate() + datetime.timedelta(days=30 * (i + 1))).isoformat()
                for i, champ in enumerate(
                    ["recueil_debut", "vote_debut", "selection_debut", "interet_debut"]
                    + ["developpement_debut"]
                )
            },
        },
        etat=lambda m: sorted(Tour.objects.values_list("slug", flat=True)),
    ),
    "consultation:moderation": Page(
        get=pour(ANCT, OK),
        post=connecte(METHODE),
        kwargs=_recueil,
        visible=lambda m: {"Observatoire des données locales": ANCT},
    ),
    "consultation:decider": Page(
        get=connecte(METHODE),
        post=pour(ANCT, REDIRIGE),
        kwargs=_uuid("p_partenaire"),
        donnees=lambda m: {"issue": "gardee"},
        etat=_etat_propositions,
    ),
    "consultation:masquer": Page(
        get=connecte(METHODE),
        post=pour(ANCT, REDIRIGE),
        kwargs=_uuid("commentaire"),
        donnees=lambda m: {"motif": "Propos hors sujet."},
        etat=lambda m: sorted(Commentaire.objects.values_list("pk", "statut")),
    ),
    "consultation:regroupement": Page(
        get=pour(ANCT, OK),
        post=pour(ANCT, REDIRIGE),
        kwargs=_recueil,
        parametres=lambda m: {"proposition": str(_m(m)["p_a"].uuid)},
        donnees=lambda m: {
            "propositions": [str(_m(m)["p_a"].uuid), str(_m(m)["p_b"].uuid)],
            "titre": "Prendre rendez-vous en ligne",
            "description": "Un service commun de prise de rendez-vous.",
        },
        etat=_etat_groupes,
        visible=lambda m: {"Prise de rendez-vous en ligne des usagers": ANCT},
    ),
    "consultation:degrouper": Page(
        get=connecte(METHODE),
        post=pour(ANCT, REDIRIGE),
        kwargs=_uuid("groupee"),
        etat=_etat_groupes,
    ),
    "consultation:estimer": Page(
        get=connecte(METHODE),
        post=pour(ANCT, REDIRIGE),
        kwargs=_uuid("groupe"),
        donnees=lambda m: {"cout_developpement": "120 000", "cout_deploiement": "30 000,50"},
        etat=_etat_groupes,
    ),
}

# Les pages qui ont besoin de plus que le budget par défaut, avec la raison.
BUDGETS = {
    "consultation:proposition": (
        10,
        "la proposition, ses thèmes, ses étiquettes, les collectivités qui l'ont rejointe, ses "
        "commentaires, son journal de regroupement et, pour un membre, ses collectivités",
    ),
    "consultation:bulletin": (
        10,
        "le tour, les collectivités du membre (liste et choix), le bulletin et ses soutiens, "
        "les besoins consolidés et les propositions seules du tour",
    ),
}
