"""Toutes les adresses du portail, lues dans le résolveur d'URL de Django.

La matrice des permissions (`test_matrice_permissions.py`) et les budgets de requêtes
(`test_budgets_requetes.py`) parcourent la même liste : une page qui existe y entre d'office,
et il faut la décrire dans `tests/preuves/pages.py` pour que les tests passent.

Chaque motif est rangé dans un groupe, selon une règle étroite et écrite ici :
- `administration` : tout ce qui est sous `settings.ADMIN_URL` (l'administration de Django) ;
  vérifié à part par `test_administration_reservee` (tout rôle sauf l'équipe
  d'administration est renvoyé vers la connexion de l'administration) ;
- `allauth` : les pages de compte d'allauth (vues `allauth.*`, ou motifs des modules
  `allauth.*.urls` comme ses anciennes adresses redirigées, sous `/comptes/`) ;
- `proconnect` : notre fournisseur ProConnect (`fonds.proconnect`) ;
- `projet` : nos pages (vues dans `fonds`, `consultation`, `guichet_national`,
  `guichets_territoriaux`) ;
- `inconnu` : une vue d'une autre bibliothèque : les tests échouent tant qu'on ne lui a pas
  donné un groupe ici. Rien n'est écarté en silence.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

NOS_PAQUETS = ("fonds.", "consultation.", "guichet_national.", "guichets_territoriaux.")


@dataclass(frozen=True)
class Motif:
    """Un motif d'URL : son nom complet (avec les espaces de noms) et sa route."""

    nom: str  # « comptes:adhesion_detail », ou la route quand le motif n'a pas de nom
    route: str  # « adhesions/<uuid:uuid>/ »
    vue: str  # chemin pointé de la vue, « fonds.comptes.views.adhesion_detail »
    groupe: str  # administration, allauth, proconnect, projet ou inconnu
    arguments: tuple[str, ...]  # noms des arguments de la route
    positionnels: int = 0  # groupes sans nom d'une route en expression régulière

    def __str__(self):
        return self.nom


def _groupe(route: str, vue: str, module: str) -> str:
    if route.startswith(settings.ADMIN_URL):
        return "administration"
    if vue.startswith("fonds.proconnect."):
        return "proconnect"
    if vue.startswith("allauth.") or module.startswith("allauth."):
        return "allauth"
    if vue.startswith(NOS_PAQUETS):
        return "projet"
    return "inconnu"


def _parcourir(motifs, prefixe: str, espace: str, module: str) -> Iterator[Motif]:
    """`module` : le module d'URL inclus qui contient le motif (« allauth.urls »…)."""
    for motif in motifs:
        route = prefixe + str(motif.pattern)
        if isinstance(motif, URLResolver):
            sous_espace = espace + (f"{motif.namespace}:" if motif.namespace else "")
            sous_module = getattr(motif.urlconf_module, "__name__", module)
            yield from _parcourir(motif.url_patterns, route, sous_espace, sous_module)
        elif isinstance(motif, URLPattern):
            vue = motif.lookup_str
            arguments = tuple(
                sorted(
                    set(motif.pattern.regex.groupindex)
                    | set(getattr(motif.pattern, "converters", {}))
                )
            )
            yield Motif(
                nom=espace + motif.name if motif.name else route,
                route=route,
                vue=vue,
                groupe=_groupe(route, vue, module),
                arguments=arguments,
                positionnels=motif.pattern.regex.groups - len(motif.pattern.regex.groupindex),
            )


def tous_les_motifs() -> list[Motif]:
    """Chaque motif d'URL du portail, dans l'ordre du résolveur."""
    return list(_parcourir(get_resolver().url_patterns, "", "", settings.ROOT_URLCONF))


def motifs(*groupes: str) -> list[Motif]:
    """Les motifs des groupes demandés (et toujours ceux du groupe `inconnu`, pour échouer)."""
    return [m for m in tous_les_motifs() if m.groupe in groupes or m.groupe == "inconnu"]
