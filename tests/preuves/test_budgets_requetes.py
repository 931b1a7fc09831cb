"""Budgets de requêtes SQL : chaque page GET × chaque rôle qui peut l'ouvrir, à deux volumes.

Les pages viennent du même résolveur que la matrice des permissions (`resolveur.py`), et les
rôles qui ouvrent chaque page (GET → 200) de sa table (`pages.PAGES`). Pour chacun, on compte
les requêtes avec peu d'objets (le monde de la matrice), puis avec beaucoup
(`Monde.grossir()` : +50 collectivités, demandes d'adhésion, notifications par personne,
dossiers par guichet avec messages et pièces, subventions avec versements, enveloppes filles
et mouvements…) :
le nombre doit être le même, et sous le budget (BUDGET_PAR_DEFAUT, ou BUDGETS ci-dessous).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fonds import pages_en_cache

from .monde import OK, ROLES, issue
from .pages import PAGES
from .resolveur import motifs
from .test_matrice_permissions import GROUPES_MATRICE, _client, lire, message_page_absente

pytestmark = pytest.mark.django_db

BUDGET_PAR_DEFAUT = 8

# Une page qui a besoin de plus de requêtes le dit ici, avec la raison. Le socle d'une page
# connectée compte ici 4 requêtes (session en base sous SQLite, personne, et `perms.droits` :
# adhésions, habilitations), 5 pour une préfecture de région (ses départements) ; en
# production la session est lue dans Redis. Quand `perms.droits` lira la personne et ses droits
# en une requête, les budgets ci-dessous marqués « socle » baisseront de 2 à 3.
# "espace:nom": (budget, "pourquoi"),
BUDGETS: dict[str, tuple[int, str]] = {
    "dossiers:dossier": (
        12,
        "socle (4 à 5) ; page d'agent : dossier, pièces, messages, historique, annotations, "
        "autres dossiers de la collectivité au guichet, instructeurs proposés (7)",
    ),
    "dossiers:instruction": (
        9,
        "socle (4 à 5) ; guichet, instructeurs (filtre et clé du formulaire partagé), lignes "
        "et total en une requête ; départements quand le formulaire partagé est à rendre",
    ),
    "financement:enveloppe": (
        12,
        "socle (4 à 5) ; enveloppe, filles, mouvements, subventions, et les listes des "
        "formulaires d'action (régions, départements, enveloppes de redéploiement)",
    ),
    "financement:subvention": (
        9,
        "socle (4 à 5) ; subvention, conventions, versements, historique",
    ),
    "account_reauthenticate": (
        11,
        "page d'allauth : elle demande six fois à allauth.mfa les facteurs de la personne",
    ),
}


def _mesurer(monde, motif, page, role: str) -> tuple[int, list[str]]:
    client = _client(monde, role)
    url = reverse(motif.nom, kwargs=page.kwargs(monde) if page.kwargs else {})
    lire(client.get(url, page.parametres_de(monde)))  # échauffement : caches de processus, session
    # Le pire cas : les fragments partagés (fonds/pages_en_cache.py, formulaire de filtres d'un
    # guichet) sont oubliés avant la mesure et rendus par elle.
    pages_en_cache.tout_renouveler()
    with CaptureQueriesContext(connection) as requetes:
        response = client.get(url, page.parametres_de(monde))
        lire(response)  # un export en flux lit la base pendant qu'on le lit
    assert issue(response) == OK, f"{motif.nom} {role} : {issue(response)}"
    return len(requetes), [q["sql"] for q in requetes.captured_queries]


def _pages_get():
    return [m for m in motifs(*GROUPES_MATRICE) if not m.nom.endswith("/")]


@pytest.mark.parametrize("motif", _pages_get(), ids=str)
def test_budget_de_requetes(motif, monde, record_property):
    page = PAGES.get(motif.nom)
    if page is None:
        pytest.fail(message_page_absente(motif))
    roles = [role for role in ROLES if page.get[role] == OK]
    if not roles:
        return  # aucune page affichée à mesurer (redirections, 404, 405 pour tous)
    budget, _raison = BUDGETS.get(motif.nom, (BUDGET_PAR_DEFAUT, ""))
    peu = {role: _mesurer(monde, motif, page, role) for role in roles}
    monde.grossir()
    beaucoup = {role: _mesurer(monde, motif, page, role) for role in roles}

    ecarts = []
    for role in roles:
        (n_peu, _), (n_beaucoup, sql) = peu[role], beaucoup[role]
        if n_peu != n_beaucoup:
            ecarts.append(
                f"« {motif.nom} » pour {role} : {n_peu} requêtes avec peu d'objets, "
                f"{n_beaucoup} avec beaucoup. Une requête par ligne affichée (N+1) ? Pourquoi "
                "une nouvelle requête est-elle nécessaire ? Ajoutez select_related / "
                "prefetch_related à la méthode de QuerySet de la page.\n    "
                + "\n    ".join(sql[-5:])
            )
        elif n_beaucoup > budget:
            ecarts.append(
                f"« {motif.nom} » pour {role} : {n_beaucoup} requêtes, budget {budget}. Pourquoi "
                "une nouvelle requête est-elle nécessaire ? Si elle l'est, donnez à la page un "
                "budget dans BUDGETS (tests/preuves/test_budgets_requetes.py) avec la raison."
            )
    record_property("mesures_budget", 2 * len(roles))
    assert not ecarts, "\n".join(ecarts)


def test_les_budgets_ne_visent_que_des_pages_existantes():
    assert not set(BUDGETS) - {m.nom for m in _pages_get()}
