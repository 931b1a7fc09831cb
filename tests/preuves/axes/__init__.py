"""Les pages des axes dans les preuves, sans toucher à la table du socle.

Chaque module de ce paquet (un par axe ou par sorte de guichet : `consultation.py`,
`appels.py`…) déclare :

- `PAGES` : ses lignes de la matrice, comme `tests/preuves/pages.PAGES` (mêmes `Page`,
  `selon`, `connecte`, `pour`) ; une même adresse déclarée deux fois est une erreur ;
- `construire(monde)` (facultatif) : ses objets du petit monde, rangés dans
  `monde.axes["<nom du module>"]` que ses `kwargs`, `donnees`, `etat` et `visible` lisent ;
- `grossir(monde, n)` (facultatif) : son volume « beaucoup » des budgets de requêtes ;
- `BUDGETS` (facultatif) : ses pages qui ont besoin de plus de requêtes que le budget par
  défaut, comme `tests/preuves/test_budgets_requetes.BUDGETS` (`"app:nom": (budget, "pourquoi")`).
"""

import importlib
import pkgutil


def modules() -> list:
    # La table d'abord : les modules des axes y prennent `Page`, quel que soit le module importé
    # en premier (tests/preuves/monde.py appelle aussi cette fonction).
    importlib.import_module("tests.preuves.pages")
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    ]
