"""Les formulaires du comité de sélection dans le banc de fuzz : composer le comité (ANCT),
donner un avis (le juré, membre non déporté), décider d'un besoin (ANCT)."""

from consultation import forms_selection as forms
from tests.consultation.monde_selection import construire  # noqa: F401  (le même petit monde)
from tests.fuzz.formulaires import Cible


def _m(m):
    return m.axes["selection"]


def _tour(m):
    return {"slug": _m(m)["tour"].slug}


def _groupe(m):
    return {"slug": _m(m)["tour"].slug, "uuid": _m(m)["groupe"].uuid}


CIBLES = [
    Cible("consultation:comite", "anct", forms.MembreForm, _tour),
    Cible("consultation:selection_cible", "jure", forms.AvisForm, _groupe),
    Cible("consultation:selection_decider", "anct", forms.DecisionForm, _groupe),
]

AUTRES_BANCS = {
    "consultation.forms_selection.ConflitForm": (
        "consultation:selection_cible (action=conflit : son seul champ, le motif)"
    ),
}
