"""Le comité de sélection (axe 1) dans la matrice et les budgets.

Le monde (tests/consultation/monde_selection.py) : un tour en sélection, un besoin consolidé
(communes A et B) et deux propositions seules ; au comité, le juré (État) et un membre de la
commune A, déporté d'office sur le besoin consolidé. L'ANCT et les administrateurs composent
le comité et décident ; la séance et le procès-verbal sont au comité (ANCT, administrateurs,
membres) ; la page d'un besoin devant le comité est publique (décision et motivation) ; seul un
membre non déporté y donne un avis : le membre de A, déporté, reçoit 403 et rien n'est écrit."""

from consultation.models.selection import Avis, DecisionComite, MembreComite
from fonds.financement.models import Enveloppe
from tests.consultation.monde_selection import construire, grossir  # noqa: F401
from tests.preuves.monde import METHODE, OK, REDIRIGE, ROLES
from tests.preuves.pages import Page, connecte, pour, selon

ANCT = ("anct", "administrateur")
COMITE = (*ANCT, "membre_a", "jure")


def _m(m):
    return m.axes["selection"]


def _tour(m):
    return {"slug": _m(m)["tour"].slug}


def _groupe(m):
    return {"slug": _m(m)["tour"].slug, "uuid": _m(m)["groupe"].uuid}


def _etat_decisions(m):
    return (
        sorted(DecisionComite.objects.values_list("pk", "issue"), key=str),
        sorted(Enveloppe.objects.values_list("pk", "montant_engage")),
    )


PAGES = {
    "consultation:comite": Page(
        get=pour(ANCT, OK),
        post=pour(ANCT, REDIRIGE),
        kwargs=_tour,
        donnees=lambda m: {
            "courriel": m.roles["dinum"].email,
            "qualite": "etat",
            "organisation": "DINUM",
        },
        etat=lambda m: sorted(MembreComite.objects.values_list("pk", "personne_id", "present")),
        visible=lambda m: {"(proposé automatiquement)": ANCT},
    ),
    "consultation:seance": Page(
        get=pour(COMITE, OK),
        post=connecte(METHODE),
        kwargs=_tour,
        visible=lambda m: {
            "Un guichet des aides pour tous": COMITE,
            "vous êtes déporté": ("membre_a",),
        },
    ),
    "consultation:decisions_comite": Page(
        get=selon(OK),
        post=selon(METHODE),
        kwargs=_tour,
        visible=lambda m: {"Registre des arbres remarquables": ROLES},
    ),
    "consultation:proces_verbal": Page(get=pour(COMITE, OK), post=connecte(METHODE), kwargs=_tour),
    # Le membre de A, déporté sur le besoin consolidé, le voit mais son avis est refusé (403).
    "consultation:selection_cible": Page(
        get=selon(OK),
        post=pour(("jure",), REDIRIGE),
        kwargs=_groupe,
        donnees=lambda m: {"action": "avis", "sens": "favorable", "texte": "Utile partout."},
        etat=lambda m: sorted(Avis.objects.values_list("pk", "membre_id", "sens")),
        visible=lambda m: {
            "Un guichet des aides pour tous": ROLES,
            "vous ne donnez pas d'avis": ("membre_a",),
            "Enregistrer mon avis": ("jure",),
            "Enregistrer la décision du comité": ANCT,
        },
    ),
    "consultation:selection_decider": Page(
        get=connecte(METHODE),
        post=pour(ANCT, REDIRIGE),
        kwargs=_groupe,
        donnees=lambda m: {
            "issue": "retenu",
            "voie": "construire",
            "montant": "60 000",
            "motivation": "Soutenu par des communes de toutes tailles.",
        },
        etat=_etat_decisions,
    ),
}
