from decimal import Decimal

from django import forms
from django.conf import settings
from django.db.models import Q

from fonds.collectivites.models import Collectivite, Departement
from fonds.enums import Axe
from fonds.forms import BaseForm, MontantField

from .enums import TypeProjet
from .fichiers import TYPES_ACCEPTES, valider_fichier


class FiltreGuichetsForm(BaseForm):
    """Filtres de la liste publique des guichets ouverts (en GET)."""

    axe = forms.ChoiceField(
        label="Axe", choices=[("", "Tous les axes"), *Axe.choices], required=False
    )
    type_projet = forms.ChoiceField(
        label="Type de projet",
        choices=[("", "Tous les projets"), *TypeProjet.choices],
        required=False,
    )
    departement = forms.ModelChoiceField(
        label="Département de la collectivité",
        queryset=Departement.objects.select_related("region"),
        to_field_name="code",
        required=False,
        empty_label="Tous les départements",
        help_text="Les guichets nationaux, ceux de sa région et ceux de ce département.",
    )

    def filtrer(self, guichets) -> list:
        donnees = self.cleaned_data
        if donnees.get("axe"):
            guichets = guichets.filter(axe=donnees["axe"])
        departement = donnees.get("departement")
        if departement:
            guichets = guichets.filter(
                Q(departement=departement)
                | Q(region_id=departement.region_id)
                | Q(departement__isnull=True, region__isnull=True)
            )
        type_projet = donnees.get("type_projet")
        return [g for g in guichets if not type_projet or g.finance(type_projet)]


class _FichierSansRequired(forms.ClearableFileInput):
    """Pas d'attribut `required` : le brouillon s'enregistre sans la pièce."""

    def use_required_attribute(self, initial):
        return False


class PieceField(forms.FileField):
    """Un fichier dont le type est vérifié d'après son contenu, et la taille bornée.

    `exigee_au_depot` : la pièce est exigée pour déposer (pas pour enregistrer le brouillon) ;
    le champ n'est donc pas marqué « (Optionnel) », l'aide le dit, et le navigateur ne bloque
    pas l'enregistrement du brouillon sans elle."""

    widget = _FichierSansRequired

    def __init__(self, *, exigee_au_depot=False, **kwargs):
        taille = settings.PIECES_JOINTES_TAILLE_MAX // (1024 * 1024)
        aide = f"Types acceptés : {TYPES_ACCEPTES}. {taille} Mo au plus."
        if exigee_au_depot:
            aide = f"Obligatoire pour déposer le dossier. {aide}"
        kwargs.setdefault("help_text", aide)
        # « required » ne sert qu'au marquage DSFR (pas de « (Optionnel) ») : `validate`
        # laisse passer l'absence, que le dépôt refusera (services.erreurs_de_depot).
        kwargs["required"] = exigee_au_depot
        super().__init__(**kwargs)

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)

    def clean(self, data, initial=None):
        fichier = super().clean(data, initial)
        if fichier:
            fichier.type_detecte = valider_fichier(fichier)
        return fichier


class NouveauDossierForm(BaseForm):
    collectivite = forms.ModelChoiceField(
        label="Collectivité qui dépose", queryset=Collectivite.objects.none(), empty_label=None
    )

    def __init__(self, *args, collectivites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivite"].queryset = collectivites


#: Les champs du formulaire qui sont des colonnes du dossier ; les autres vont dans `donnees`.
CHAMPS_DOSSIER = ("titre", "description", "montant_demande")


def _en_json(valeur):
    if isinstance(valeur, (str, int, float, bool, list, dict)) or valeur is None:
        return valeur
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    return str(valeur)


class DossierForm(BaseForm):
    """Le formulaire générique d'un guichet : titre, description, montant, pièces.

    Tout est facultatif pour enregistrer le brouillon ; le dépôt vérifie le reste
    (`services.erreurs_de_depot`) et ses erreurs reviennent à côté de chaque champ.

    Un axe en hérite (`TypeGuichet.formulaire`) : ses champs en plus sont enregistrés dans
    `Dossier.donnees`, et `erreurs_de_depot` ajoute ses propres règles de dépôt."""

    titre = forms.CharField(label="Titre du projet", max_length=200, required=False)
    description = forms.CharField(
        label="Description du projet",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Objectifs, publics, calendrier, équipe.",
    )
    montant_demande = MontantField(
        label="Montant demandé (en euros)",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
    )

    def __init__(self, *args, dossier, avec_pieces=True, **kwargs):
        self.dossier = dossier
        kwargs.setdefault(
            "initial",
            {**dossier.donnees, **{champ: getattr(dossier, champ) for champ in CHAMPS_DOSSIER}},
        )
        super().__init__(*args, **kwargs)
        if not avec_pieces:
            return
        guichet = dossier.guichet
        for piece, exigee in guichet.sorte.pieces_du_guichet(guichet):
            self.fields[f"piece_{piece.code}"] = PieceField(
                label=piece.libelle, exigee_au_depot=exigee
            )

    @classmethod
    def erreurs_de_depot(cls, dossier) -> dict[str, list[str]]:
        """Règles de dépôt propres au formulaire de l'axe (champ → messages)."""
        return {}

    @classmethod
    def reponses(cls, dossier) -> list[tuple[str, object]]:
        """Les réponses propres à l'axe (`donnees`), avec le libellé de leur question."""
        form = cls(dossier=dossier, avec_pieces=False)
        lignes = []
        for nom, champ in form.fields.items():
            if nom in CHAMPS_DOSSIER or nom not in dossier.donnees:
                continue
            valeur = dossier.donnees[nom]
            choix = dict(getattr(champ, "choices", None) or [])
            lignes.append((champ.label or nom, choix.get(valeur, valeur)))
        return lignes

    def _champs_donnees(self):
        return [
            nom for nom in self.fields if nom not in CHAMPS_DOSSIER and not nom.startswith("piece_")
        ]

    def valeurs(self) -> dict:
        """Ce qui est valide dans la saisie, à enregistrer dans le brouillon."""
        valeurs = {c: self.cleaned_data[c] for c in CHAMPS_DOSSIER if c in self.cleaned_data}
        donnees = {
            nom: _en_json(self.cleaned_data[nom])
            for nom in self._champs_donnees()
            if nom in self.cleaned_data
        }
        if donnees:
            valeurs["donnees"] = {**self.dossier.donnees, **donnees}
        return valeurs

    def fichiers(self) -> list[tuple[str, object]]:
        return [
            (nom.removeprefix("piece_"), valeur)
            for nom, valeur in self.cleaned_data.items()
            if nom.startswith("piece_") and valeur
        ]


class MotivationForm(BaseForm):
    motivation = forms.CharField(
        label="Motivation de la décision",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Obligatoire pour un refus ou un classement sans suite ; elle est envoyée à "
        "la collectivité.",
    )


class DecisionForm(MotivationForm):
    """La décision sur un dossier en instruction : la motivation et, pour une acceptation, le
    montant de la subvention, proposé d'après la règle du guichet (l'agent peut le baisser)."""

    montant = MontantField(
        label="Montant de la subvention (en euros)", required=False, min_value=Decimal("0.01")
    )

    def __init__(self, *args, plafond=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plafond is not None:
            self.fields["montant"].initial = plafond.montant
            self.fields[
                "montant"
            ].help_text = f"{plafond.regle} Vous pouvez le baisser, pas le dépasser."
        else:
            self.fields["montant"].help_text = "Vide : le plafond que permet la règle du guichet."


class EtapeForm(BaseForm):
    """Franchir un pas d'instruction de la sorte du guichet, avec un commentaire facultatif
    (il rejoint les annotations privées des agents)."""

    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Visible des seuls agents.",
    )


class ComplementsForm(BaseForm):
    message = forms.CharField(
        label="Compléments attendus",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Précisez les compléments attendus."},
    )
    avant = forms.DateField(
        label="À fournir avant le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReponseComplementsForm(BaseForm):
    reponse = forms.CharField(
        label="Votre réponse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(BaseForm):
    corps = forms.CharField(label="Votre message", widget=forms.Textarea(attrs={"rows": 4}))
    fichier = PieceField(label="Pièce jointe")


class AnnotationForm(BaseForm):
    texte = forms.CharField(
        label="Annotation privée",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Visible des seuls agents ; jamais de la collectivité.",
    )


class AttributionForm(BaseForm):
    instructeur = forms.ModelChoiceField(
        label="Instructeur attribué",
        queryset=None,
        required=False,
        empty_label="Personne (tous les agents du guichet)",
    )

    def __init__(self, *args, guichet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructeur"].queryset = guichet.instructeurs()


class EtiquettesForm(BaseForm):
    tags = forms.CharField(
        label="Étiquettes", required=False, max_length=300, help_text="Séparées par des virgules."
    )
