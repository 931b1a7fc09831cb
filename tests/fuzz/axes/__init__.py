"""Les formulaires des axes dans le registre du fuzz, sans toucher à celui du socle.

Chaque module de ce paquet déclare `CIBLES` (des `tests.fuzz.formulaires.Cible`), et au besoin
`SANS_SAISIE` et `AUTRES_BANCS` (mêmes sens que dans `tests/fuzz/formulaires.py`) et
`construire(monde)` : ses objets, rangés dans `monde.axes["<nom du module>"]` que les `kwargs`
de ses cibles lisent.
"""

import importlib
import pkgutil


def modules() -> list:
    # Le registre d'abord : les modules des axes y prennent `Cible`, quel que soit le module
    # importé en premier (tests/fuzz/monde.py appelle aussi cette fonction).
    importlib.import_module("tests.fuzz.formulaires")
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    ]
