"""Le programme national d'investigations dans le banc de fuzz : le formulaire de son dossier
sur la page du socle (un brouillon de la commune A) et le bouton qui sème une proposition."""

from consultation.investigations import InvestigationForm
from fonds.dossiers import services as dossiers
from tests.consultation.monde_investigations import construire as _construire
from tests.fuzz.formulaires import Cible


def construire(monde) -> dict:
    m = _construire(monde)
    m["brouillon"] = dossiers.creer_dossier(
        guichet=m["guichet"], collectivite=monde.territoire["a"], par=monde.roles["membre_a"]
    )
    return m


def _uuid(cle):
    return lambda m: {"uuid": m.axes["investigations"][cle].uuid}


CIBLES = [
    Cible("dossiers:modifier", "membre_a", InvestigationForm, _uuid("brouillon")),
    Cible("consultation:semer", "membre_a", {}, _uuid("accepte")),
]
