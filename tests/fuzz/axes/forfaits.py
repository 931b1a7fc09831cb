"""Les formulaires du guichet à forfait dans le banc de fuzz : la demande (membre de la
commune A), la mise en service (membre de A) et la révocation (DINUM) du forfait accordé."""

from guichet_national import forms_forfaits as forfaits
from tests.fuzz.formulaires import Cible
from tests.guichet_national.monde import construire  # noqa: F401  (le même petit monde)


def _guichet(m):
    return {"slug": m.axes["forfaits"]["guichet"].slug}


def _accordee(m):
    return {"uuid": m.axes["forfaits"]["accordee"].uuid}


CIBLES = [
    Cible("guichet_national:forfait_demander", "membre_a", forfaits.DemandeForfaitForm, _guichet),
    Cible(
        "guichet_national:forfait_mise_en_service",
        "membre_a",
        forfaits.MiseEnServiceForm,
        _accordee,
    ),
    Cible("guichet_national:forfait_revoquer", "dinum", forfaits.RevocationForm, _accordee),
]

AUTRES_BANCS = {
    "guichet_national.forms_forfaits.DossierForfaitForm": "les champs de DossierForm "
    "(dossiers:modifier, fuzzé par le socle) ; seule sa règle de dépôt change",
}
