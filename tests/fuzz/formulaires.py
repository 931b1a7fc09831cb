"""Le registre du banc de fuzz : chaque formulaire et chaque adresse en POST du portail.

Un formulaire nouveau y entre par UNE ligne de `CIBLES` :

    Cible("app:nom_url", "role_qui_poste", ClasseDuFormulaire, arguments_de_l_url),

- `role` : un rôle de `tests/preuves/monde.ROLES` qui a le droit de poster (sinon on ne fuzze
  que le refus) ;
- la classe du formulaire donne les champs (ses `base_fields`) et leur type : le banc tire pour
  chacun une valeur arbitraire selon son type (texte énorme, Unicode, montants négatifs, mal
  formés ou gigantesques, dates impossibles, choix inconnus, listes au lieu d'une valeur,
  fichiers quelconques) ou l'omet ; un dictionnaire `{nom: champ}` convient aussi pour une vue
  sans formulaire ;
- `kwargs` : les arguments de l'URL, tirés des objets réels de `tests/fuzz/monde.py` ;
- `prefixe` : le préfixe du formulaire dans la page (`prefix=` de la vue) ;
- `methode="get"` pour un formulaire en GET (l'orientation, les filtres des guichets).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from fonds.comptes.forms import DeclarationConflitForm, DemandeAdhesionForm, RefusAdhesionForm
from fonds.dossiers import forms as dossiers
from fonds.financement import forms as financement
from fonds.portail.forms import JournalAuditForm, OrientationForm

from .monde import MondeFuzz


@dataclass(frozen=True)
class Cible:
    url: str
    role: str
    champs: type[forms.BaseForm] | dict[str, forms.Field]
    kwargs: Callable[[MondeFuzz], dict] = lambda m: {}
    prefixe: str = ""
    methode: str = "post"

    def __str__(self):
        return self.url

    def champs_du_formulaire(self) -> dict[str, forms.Field]:
        champs = self.champs if isinstance(self.champs, dict) else self.champs.base_fields
        prefixe = f"{self.prefixe}-" if self.prefixe else ""
        return {f"{prefixe}{nom}": champ for nom, champ in champs.items()}


def _adhesion(m):
    return {"uuid": m.adhesion.uuid}


def _guichet(m):
    return {"slug": m.guichet.slug}


def _brouillon(m):
    return {"uuid": m.brouillon.uuid}


def _depose(m):
    return {"uuid": m.depose.uuid}


def _complements(m):
    return {"uuid": m.complements.uuid}


def _en_instruction(m):
    return {"uuid": m.en_instruction.uuid}


def _etape(m):
    return {"uuid": m.etape.uuid, "transition": "preselectionner"}


def _enveloppe(m):
    return {"uuid": m.enveloppe.uuid}


def _subvention(m):
    return {"uuid": m.subvention.uuid}


PIECE = {"piece_autre": dossiers.PieceField()}
SELECTION = {"dossiers": forms.UUIDField(), "retour": forms.CharField()}

# fmt: off
CIBLES = [
    Cible("portail:orientation", "anonyme", OrientationForm, methode="get"),
    Cible("portail:journal_audit", "administrateur", JournalAuditForm, methode="get"),
    Cible("dossiers:guichets", "anonyme", dossiers.FiltreGuichetsForm, methode="get"),
    Cible("comptes:demander_adhesion", "sans_collectivite", DemandeAdhesionForm),
    Cible("comptes:refuser_adhesion", "membre_a", RefusAdhesionForm, _adhesion),
    Cible("comptes:declarer_conflit", "instructeur_dx", DeclarationConflitForm),
    Cible("dossiers:commencer", "membre_a", dossiers.NouveauDossierForm, _guichet),
    Cible("dossiers:modifier", "membre_a", {**dossiers.DossierForm.base_fields, **PIECE}, _brouillon),  # noqa: E501
    Cible("dossiers:autosauvegarde", "membre_a", dossiers.DossierForm, _brouillon),
    Cible("dossiers:deposer", "membre_a", {**dossiers.DossierForm.base_fields, **PIECE}, _brouillon),  # noqa: E501
    Cible("dossiers:repondre_complements", "membre_a", {**dossiers.DossierForm.base_fields, **dossiers.ReponseComplementsForm.base_fields, **PIECE}, _complements),  # noqa: E501
    Cible("dossiers:envoyer_message", "membre_a", dossiers.MessageForm, _depose),
    Cible("dossiers:annoter", "instructeur_dx", dossiers.AnnotationForm, _depose),
    Cible("dossiers:demander_complements", "instructeur_dx", dossiers.ComplementsForm, _en_instruction),  # noqa: E501
    Cible("dossiers:accepter", "instructeur_dx", dossiers.DecisionForm, _en_instruction),
    Cible("dossiers:refuser", "instructeur_dx", dossiers.DecisionForm, _en_instruction),
    Cible("dossiers:classer", "instructeur_dx", dossiers.DecisionForm, _en_instruction),
    Cible("dossiers:franchir_etape", "instructeur_dx", dossiers.EtapeForm, _etape),
    Cible("dossiers:attribuer", "instructeur_dx", dossiers.AttributionForm, _depose),
    Cible("dossiers:etiqueter", "instructeur_dx", dossiers.EtiquettesForm, _depose),
    Cible("dossiers:m_attribuer_selection", "instructeur_dx", SELECTION, _guichet),
    Cible("dossiers:instruire_selection", "instructeur_dx", SELECTION, _guichet),
    Cible("financement:creer_enveloppe_fille", "instructeur_dx", financement.EnveloppeFilleForm, _enveloppe),  # noqa: E501
    Cible("financement:retourner_credits", "instructeur_region", financement.MouvementForm, _enveloppe, "retour"),  # noqa: E501
    Cible("financement:redeployer_credits", "instructeur_region", financement.RedeploiementForm, _enveloppe, "redeploiement"),  # noqa: E501
    Cible("financement:attribuer_exceptionnellement", "administrateur", financement.AttributionExceptionnelleForm, _enveloppe, "attribution"),  # noqa: E501
    Cible("financement:enregistrer_versement", "instructeur_dx", financement.VersementForm, _subvention),  # noqa: E501
    Cible("financement:deposer_convention_signee", "membre_a", financement.ConventionSigneeForm, _subvention),  # noqa: E501
    Cible("financement:annuler_subvention", "instructeur_dx", financement.MotifForm, _subvention),
    Cible("financement:prononcer_decheance", "instructeur_dx", financement.MotifForm, _subvention),
]
# fmt: on

# Les adresses en POST sans saisie (un bouton) : rien à fuzzer, mais chacune dit pourquoi.
SANS_SAISIE = {
    "comptes:valider_adhesion": "un bouton, sans champ",
    "comptes:retirer_adhesion": "un bouton, sans champ",
    "notifications:tout_marquer_lu": "un bouton, sans champ",
    "financement:emettre_convention": "un bouton, sans champ",
    "financement:contresigner_convention": "un bouton, sans champ",
    "dossiers:instruire": "un bouton, sans champ",
    "dossiers:retirer_piece": "un bouton, sans champ",
}

# Les formulaires du portail fuzzés ailleurs que par une cible POST.
AUTRES_BANCS = {
    "fonds.dossiers.filters.FiltreForm": "filtres en GET : tests/fuzz/test_parametres.py",
}


def _cibles_des_axes() -> None:
    """Les cibles que déclarent les axes (tests/fuzz/axes/) rejoignent le registre."""
    from . import axes

    for module in axes.modules():
        CIBLES.extend(module.CIBLES)
        SANS_SAISIE.update(getattr(module, "SANS_SAISIE", {}))
        AUTRES_BANCS.update(getattr(module, "AUTRES_BANCS", {}))


_cibles_des_axes()
