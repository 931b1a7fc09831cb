"""Ce que chaque application apporte au socle par son `AppConfig`, sans que le socle la
connaisse (`fonds` n'importe aucune application d'axe) :

- `demo(self, contexte)` : ses données de démonstration (commande `demo`) ; `contexte` est un
  `Demo` (comptes à afficher, adresses utiles, l'adresse du portail) ;
- `volume(self)` : ses étapes du volume national (commande `volume_national`), des fonctions
  `etape(v: fonds.portail.volume.Volume)` dont le nom s'affiche avec la durée ;
  `effacer_volume(self, comptes)` efface ce qu'elles ont créé (les comptes du volume donnés) ;
- `taches_periodiques` : un dictionnaire de tâches Celery beat (nom → {"task", "schedule"}),
  réuni par `fonds/celery.py` ;
- `prefixe_urls` : le préfixe sous lequel `fonds/urls.py` monte `<application>.urls`
  (son `app_name` en donne l'espace de noms) ;
- `pages_du_banc(self, session)` : les pages que le banc de charge mesure au volume national,
  des triplets (libellé, adresse, cookie) ; `session(email)` rend le cookie d'une personne.

L'ordre : `ordre_contributions` de l'`AppConfig` (le socle de 10 à 40, un axe 50 par
défaut : après le socle, dont il lit les comptes et les guichets), puis l'ordre
d'`INSTALLED_APPS`. L'effacement va dans l'ordre inverse.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

ORDRE_PAR_DEFAUT = 50


def applications(attribut: str) -> list:
    """Les `AppConfig` qui déclarent `attribut`, dans l'ordre des contributions."""
    configs = [c for c in apps.get_app_configs() if hasattr(c, attribut)]
    return sorted(configs, key=lambda c: getattr(c, "ordre_contributions", ORDRE_PAR_DEFAUT))


@dataclass
class Demo:
    """Ce que la démonstration affiche à la fin : les comptes créés (e-mail, prénom, nom) et
    les adresses utiles (libellé, chemin), sous l'adresse du portail."""

    site: str
    ecrire: Callable[[str], None] = print
    comptes: list[tuple[str, str, str]] = field(default_factory=list)
    adresses: list[tuple[str, str]] = field(default_factory=list)

    def url(self, chemin: str) -> str:
        return f"{self.site.rstrip('/')}{chemin}"


def demo(contexte: Demo) -> None:
    for config in applications("demo"):
        config.demo(contexte)


def etapes_volume() -> list[Callable]:
    return [etape for config in applications("volume") for etape in config.volume()]


def effacer_volume(comptes) -> None:
    for config in reversed(applications("effacer_volume")):
        config.effacer_volume(comptes)


def taches_periodiques() -> dict:
    """Toutes les tâches périodiques déclarées ; un même nom déclaré deux fois est une erreur."""
    taches = {}
    for config in applications("taches_periodiques"):
        for nom, tache in config.taches_periodiques.items():
            if nom in taches:
                raise ImproperlyConfigured(f"Tâche périodique déclarée deux fois : « {nom} ».")
            taches[nom] = tache
    return taches


def urls() -> list:
    """Les `path()` des applications qui déclarent `prefixe_urls`."""
    from django.urls import include, path

    return [
        path(config.prefixe_urls, include(f"{config.name}.urls"))
        for config in applications("prefixe_urls")
    ]


def pages_du_banc(session: Callable[[str], str]) -> list[tuple[str, str, str]]:
    return [
        page for config in applications("pages_du_banc") for page in config.pages_du_banc(session)
    ]
