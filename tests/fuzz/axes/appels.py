"""Les formulaires des appels à projets dans le banc de fuzz : le dépôt d'un projet (membre_a,
rendu membre de la Métropole Rouen Normandie éligible dans ce monde-ci), le groupement ad hoc
(membre_a), la pré-sélection, la
nomination d'un juré et la décision de séance (DINUM), l'évaluation et le déport (le juré)."""

from django import forms

from guichet_national import forms_appels, forms_groupement, forms_jury
from guichet_national.forms_appels import NB_LIGNES
from guichet_national.views.deport import DeportForm
from tests.comptes.factories import AdhesionFactory
from tests.fuzz.formulaires import Cible
from tests.guichet_national.monde_appels import construire_appels


def construire(monde) -> dict:
    m = construire_appels(monde.territoire, monde.roles)
    AdhesionFactory(user=monde.roles["membre_a"], collectivite=m["rouen"])
    return m


def _appel(m):
    return {"slug": m.axes["appels"]["appel"].guichet.slug}


def _uuid(cle):
    return lambda m: {"uuid": m.axes["appels"][cle].uuid}


# Les champs qu'ajoute le constructeur : les lignes du budget, les pièces, la grille (4 critères).
_PROJET = {
    **forms_appels.ProjetForm.base_fields,
    **{
        nom: champ
        for i in range(1, NB_LIGNES + 1)
        for nom, champ in (
            (f"ligne_{i}_libelle", forms.CharField()),
            (f"ligne_{i}_montant", forms.DecimalField()),
        )
    },
    "piece_deliberation": forms.FileField(),
    "piece_devis": forms.FileField(),
}
_EVALUATION = {
    **forms_jury.EvaluationForm.base_fields,
    **{
        f"note_{i}": forms.ChoiceField(choices=[(str(n), str(n)) for n in range(6)])
        for i in range(4)
    },
    **{f"justification_{i}": forms.CharField() for i in range(4)},
}

CIBLES = [
    Cible("guichet_national:appel_deposer", "membre_a", _PROJET, _appel),
    Cible(
        "guichet_national:appel_groupement",
        "membre_a",
        {**forms_groupement.GroupementForm.base_fields, "action": forms.CharField()},
        _appel,
    ),
    Cible(
        "guichet_national:appel_preselection",
        "dinum",
        forms_appels.PreselectionForm,
        _uuid("depose"),
    ),
    Cible("guichet_national:appel_jury", "dinum", forms_jury.NominationForm, _appel),
    Cible(
        "guichet_national:appel_decision",
        "dinum",
        forms_jury.DecisionSeanceForm,
        _uuid("preselectionne"),
    ),
    Cible("guichet_national:jury_evaluer", "jure", _EVALUATION, _uuid("preselectionne")),
    Cible("guichet_national:jury_deport", "jure", DeportForm, _uuid("preselectionne")),
]

AUTRES_BANCS = {
    "guichet_national.forms_appels.DossierAppelForm": "les champs de DossierForm "
    "(dossiers:modifier, fuzzé par le socle) sans le montant, calculé ; seule sa règle de "
    "dépôt change",
}
