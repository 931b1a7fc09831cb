"""Les formulaires des services retenus et du Territoires Store dans le banc de fuzz : se
porter volontaire (membre de B), la fiche, un jalon, son statut, le financement de la
gouvernance, une consultation des référents, un déclin (ANCT), une réponse (référent A), la
candidature à un appel national (référent A)."""

from django import forms as champs

from consultation import forms_suivi as forms
from tests.consultation.monde_services import construire  # noqa: F401  (le même petit monde)
from tests.fuzz.formulaires import Cible

COLLECTIVITE = {"collectivite": champs.CharField()}


def _m(m):
    return m.axes["services"]


def _service(m):
    return {"uuid": _m(m)["service"].uuid}


CIBLES = [
    Cible(
        "consultation:volontaire",
        "membre_b",
        {**forms.InteretForm.base_fields, **COLLECTIVITE},
        _service,
    ),
    Cible("consultation:piloter", "anct", forms.FicheForm, _service),
    Cible("consultation:ajouter_jalon", "anct", forms.JalonForm, _service),
    Cible(
        "consultation:changer_jalon",
        "anct",
        forms.StatutJalonForm,
        lambda m: {"uuid": _m(m)["service"].uuid, "pk": _m(m)["jalon"].pk},
    ),
    Cible("consultation:financer_gouvernance", "anct", forms.GouvernanceForm, _service),
    Cible("consultation:consulter", "anct", forms.QuestionForm, _service),
    Cible(
        "consultation:decliner_interet",
        "anct",
        forms.DeclinForm,
        lambda m: {"uuid": _m(m)["service"].uuid, "pk": _m(m)["interet_a"].pk},
    ),
    Cible(
        "consultation:question",
        "membre_a",
        {**forms.ReponseForm.base_fields, **COLLECTIVITE},
        lambda m: {"uuid": _m(m)["question"].uuid},
    ),
    Cible(
        "consultation:rejoindre",
        "membre_a",
        COLLECTIVITE,
        lambda m: {"uuid": _m(m)["livre"].uuid},
    ),
    Cible("consultation:livrer", "anct", {}, _service),
    Cible(
        "consultation:candidater",
        "membre_a",
        {**forms.CandidatureForm.base_fields, "action": champs.CharField()},
        _service,
    ),
    Cible("consultation:demandes_store", "anct", {"adhesion": champs.CharField()}),
]

AUTRES_BANCS = {
    "consultation.forms_suivi.AdhererForm": (
        "consultation:rejoindre (son seul champ, la collectivité)"
    ),
}
