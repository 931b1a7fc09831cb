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
from django.conf import settings
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

# Le socle d'une page connectée : une requête (la personne et ses droits, voir
# `fonds/comptes/droits_sql.py`), plus la lecture de la session quand elle vit en base (sans
# Redis : SQLite seul) ; avec Redis (production, CI), la session est lue dans le cache et le
# budget d'une page connectée est de 8 requêtes SQL en tout.
SESSION_EN_BASE = settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"

# Une page qui a besoin de plus de requêtes le dit ici, avec la raison.
# "espace:nom": (budget, "pourquoi"),
BUDGETS: dict[str, tuple[int, str]] = {}


def _budgets_des_axes() -> None:
    """Les budgets que déclarent les axes (tests/preuves/axes/, `BUDGETS`) s'y ajoutent."""
    from . import axes

    for module in axes.modules():
        BUDGETS.update(getattr(module, "BUDGETS", {}))


_budgets_des_axes()


def axes_a_grossir(nom: str) -> set[str] | None:
    """Les modules d'axes dont le volume compte pour la page `nom` : ceux qui déclarent des
    pages de son espace de noms (une page de la consultation lit la consultation, le comité et
    les services retenus) ; aucun pour les pages du compte (allauth, sans espace de noms), qui
    ne lisent que la personne et le socle ; tous (None) pour les autres pages du socle, dont
    certaines lisent les axes (Mon espace, tableau de bord, dossiers)."""
    from . import axes

    if ":" not in nom:
        return set()
    espace = nom.split(":", 1)[0]
    modules = {
        module.__name__.rsplit(".", 1)[-1]
        for module in axes.modules()
        if any(p.split(":", 1)[0] == espace for p in module.PAGES)
    }
    return modules or None


def budget_de(nom: str, role: str) -> int:
    budget, _raison = BUDGETS.get(nom, (BUDGET_PAR_DEFAUT, ""))
    return budget + (1 if SESSION_EN_BASE and role != "anonyme" else 0)


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
    peu = {role: _mesurer(monde, motif, page, role) for role in roles}
    monde.grossir(axes=axes_a_grossir(motif.nom))
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
        elif n_beaucoup > budget_de(motif.nom, role):
            ecarts.append(
                f"« {motif.nom} » pour {role} : {n_beaucoup} requêtes, budget "
                f"{budget_de(motif.nom, role)}. Pourquoi "
                "une nouvelle requête est-elle nécessaire ? Si elle l'est, donnez à la page un "
                "budget dans BUDGETS (tests/preuves/test_budgets_requetes.py) avec la raison."
            )
    record_property("mesures_budget", 2 * len(roles))
    assert not ecarts, "\n".join(ecarts)


def test_les_budgets_ne_visent_que_des_pages_existantes():
    assert not set(BUDGETS) - {m.nom for m in _pages_get()}
