"""Les formulaires de la consultation (axe 1) dans le banc de fuzz : proposer, rejoindre,
commenter, voter (membres de la commune A), et les formulaires de l'ANCT (calendrier, issue,
modération, regroupement, estimation)."""

from consultation import forms
from tests.consultation.monde import construire  # noqa: F401  (le même petit monde)
from tests.fuzz.formulaires import Cible


def _m(m):
    return m.axes["consultation"]


def _recueil(m):
    return {"slug": _m(m)["recueil"].slug}


def _vote(m):
    return {"slug": _m(m)["vote"].slug}


def _uuid(cle):
    return lambda m: {"uuid": _m(m)[cle].uuid}


def _champs_proposition():
    champs = dict(forms.PropositionForm.base_fields)
    champs["collectivite"] = forms.forms.CharField(required=False)
    return champs


def _champs_bulletin():
    champs = dict(forms.BulletinForm.base_fields)
    champs["collectivite"] = forms.forms.CharField(required=False)
    return champs


CIBLES = [
    Cible("consultation:proposer", "membre_a", _champs_proposition(), _recueil),
    Cible(
        "consultation:joindre",
        "membre_b",
        {"collectivite": forms.forms.CharField(required=False)},
        _uuid("p_a"),
    ),
    Cible("consultation:commenter", "membre_a", forms.CommentaireForm, _uuid("p_a")),
    Cible("consultation:bulletin", "membre_a", _champs_bulletin(), _vote),
    Cible("consultation:calendrier", "anct", forms.CalendrierForm, _vote),
    Cible("consultation:ouvrir_tour", "anct", forms.OuvrirTourForm),
    Cible("consultation:decider", "anct", forms.IssueForm, _uuid("p_partenaire")),
    Cible("consultation:masquer", "anct", forms.MasquerForm, _uuid("commentaire")),
    Cible("consultation:regroupement", "anct", forms.RegroupementForm, _recueil),
    Cible("consultation:estimer", "anct", forms.EstimationForm, _uuid("groupe")),
]

SANS_SAISIE = {"consultation:degrouper": "un bouton, sans champ"}

AUTRES_BANCS = {
    "consultation.forms.JonctionForm": "consultation:joindre (son seul champ, la collectivité)",
}
