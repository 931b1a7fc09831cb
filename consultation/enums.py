"""Les énumérations de la consultation (axe 1)."""

from django.db import models


class Phase(models.TextChoices):
    A_VENIR = "a_venir", "À venir"
    RECUEIL = "recueil", "Recueil des besoins et des services existants"
    VOTE = "vote", "Vote des collectivités"
    SELECTION = "selection", "Sélection par le comité"
    INTERET = "interet", "Expression d'intérêt"
    DEVELOPPEMENT = "developpement", "Développement et déploiement"


#: Le champ de date qui ouvre chaque phase, dans l'ordre.
DEBUTS = (
    (Phase.RECUEIL, "recueil_debut"),
    (Phase.VOTE, "vote_debut"),
    (Phase.SELECTION, "selection_debut"),
    (Phase.INTERET, "interet_debut"),
    (Phase.DEVELOPPEMENT, "developpement_debut"),
)


class Sorte(models.TextChoices):
    BESOIN = "besoin", "Besoin"
    SERVICE = "service", "Service existant"


class Issue(models.TextChoices):
    EN_EXAMEN = "en_examen", "En examen par l'ANCT"
    GARDEE = "gardee", "Gardée pour le vote"
    REORIENTEE = "reorientee", "Réorientée vers un autre guichet"
    REJETEE = "rejetee", "Rejetée"


class StatutCommentaire(models.TextChoices):
    PUBLIE = "publie", "Publié"
    MASQUE = "masque", "Masqué par la modération"


class Taille(models.TextChoices):
    """Les tailles de collectivité des résultats (population municipale ou cumulée)."""

    PETITE = "moins_3500", "Moins de 3 500 habitants"
    MOYENNE = "3500_20000", "De 3 500 à 20 000 habitants"
    GRANDE = "20000_100000", "De 20 000 à 100 000 habitants"
    TRES_GRANDE = "plus_100000", "Plus de 100 000 habitants"


#: Bornes [basse, haute) de chaque taille.
BORNES_TAILLE = {
    Taille.PETITE: (0, 3500),
    Taille.MOYENNE: (3500, 20_000),
    Taille.GRANDE: (20_000, 100_000),
    Taille.TRES_GRANDE: (100_000, None),
}


def taille_de(population: int | None) -> str:
    p = population or 0
    for taille, (bas, haut) in BORNES_TAILLE.items():
        if p >= bas and (haut is None or p < haut):
            return taille
    return Taille.PETITE


class SortieGroupe(models.TextChoices):
    ENTREE = "entree", "Regroupée"
    SORTIE = "sortie", "Retirée du groupe"
