"""Le volume national : des données réalistes, à l'échelle du vrai fonds, pour mesurer la vitesse.

Posé sur le vrai registre des collectivités (`charger_registre`), `volume_national` crée, à
l'échelle 1 : quelques milliers de personnes et d'adhésions vérifiées réparties sur les
communes, EPCI et départements ; un guichet de l'axe 3 par département et les guichets
nationaux de l'axe 2 ; 20 000 dossiers avec leurs pièces (métadonnées : toutes les lignes
pointent vers un même petit fichier), leurs messages, annotations et historique ; 5 000
subventions avec enveloppes déléguées par région et département, engagements, conventions et
versements ; des notifications.

Tout passe par `bulk_create` : les services (une transaction et des notifications par objet)
seraient trop lents. Chaque fonction de domaine tient donc elle-même les invariants que les
services garantissent d'ordinaire : engagé + délégué ≤ montant de chaque enveloppe, versé ≤
subvention, engagement égal à la subvention vivante, historique (django-simple-history) avec
auteur et motif.

Chaque application apporte ses étapes par son `AppConfig` (voir `fonds/contributions.py`) :
`volume()` rend ses fonctions d'étape, appelées dans l'ordre avec l'état commun (`Volume`),
et `effacer_volume(comptes)` efface ses lignes (dans l'ordre inverse). Celles du socle sont
ici, une par sous-domaine : `comptes`, `dossiers`, `argent`, `notifications`. Une
fonctionnalité nouvelle d'un axe (propositions, votes, notes des jurys…) déclare les siennes
dans son `AppConfig`, sans modifier ce paquet.

Tout ce qui est créé se reconnaît à ses auteurs : des comptes `@volume.fonds.test` (voir
`supprimer`).
"""

import random

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from fonds import contributions
from fonds.comptes.models import Adhesion, User
from fonds.dossiers.models import Dossier, Guichet, Message, PieceJointe
from fonds.financement.models import Convention, Subvention, Versement
from fonds.notifications.models import Notification

from .commun import DOMAINE, LOT, PREFIXE_GUICHET, VOLETS, VOLUMES, Volume

__all__ = ["DOMAINE", "LOT", "PREFIXE_GUICHET", "VOLETS", "VOLUMES", "Volume"]


def existe() -> bool:
    return Guichet.objects.filter(slug__startswith=PREFIXE_GUICHET).exists()


def peupler(*, echelle: float = 1.0, graine: int = 2021, sortie=None) -> dict[str, int]:
    """Crée tout le volume, étape par étape (celles que déclarent les applications), dans une
    transaction ; rend les comptes."""
    v = Volume(echelle=echelle, hasard=random.Random(graine))
    ecrire = sortie or (lambda texte: None)
    with transaction.atomic():
        for etape in contributions.etapes_volume():
            debut = timezone.now()
            etape(v)
            ecrire(f"  {etape.__name__} : {(timezone.now() - debut).total_seconds():.1f} s")
        if connection.vendor == "postgresql":
            Dossier.objects.filter(guichet__slug__startswith=PREFIXE_GUICHET).indexer_recherche()
    if connection.vendor == "postgresql":
        # Des statistiques à jour, sans attendre l'autovacuum : sinon le planificateur croit
        # les tables vides et choisit mal ses index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from fonds import pages_en_cache
    from fonds.financement.cache import invalider_chiffres

    invalider_chiffres()
    pages_en_cache.tout_renouveler()
    return bilan()


def bilan() -> dict[str, int]:
    volume = {"cree_par__email__endswith": DOMAINE}
    return {
        "comptes": User.objects.filter(email__endswith=DOMAINE).count(),
        "adhesions": Adhesion.objects.filter(user__email__endswith=DOMAINE).count(),
        "guichets": Guichet.objects.filter(slug__startswith=PREFIXE_GUICHET).count(),
        "dossiers": Dossier.objects.filter(guichet__slug__startswith=PREFIXE_GUICHET).count(),
        "pieces": PieceJointe.objects.filter(dossier__guichet__slug__startswith="volume-").count(),
        "messages": Message.objects.filter(auteur__email__endswith=DOMAINE).count(),
        "subventions": Subvention.objects.filter(**volume).count(),
        "conventions": Convention.objects.filter(emise_par__email__endswith=DOMAINE).count(),
        "versements": Versement.objects.filter(par__email__endswith=DOMAINE).count(),
        "notifications": Notification.objects.filter(destinataire__email__endswith=DOMAINE).count(),
    }


def supprimer() -> None:
    """Efface tout ce que le volume a créé (reconnu à ses comptes), historique compris : chaque
    application efface ses lignes, dans l'ordre inverse de la création (l'argent recalcule le
    délégué et l'engagé des enveloppes qui restent)."""
    comptes = User.objects.filter(email__endswith=DOMAINE)
    with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
        contributions.effacer_volume(comptes)
    from fonds.financement.cache import invalider_chiffres

    invalider_chiffres()
