"""Les formulaires des appels à projets : le projet et son budget, la pré-sélection."""

from decimal import Decimal

from django import forms

from fonds.collectivites.models import Collectivite
from fonds.dossiers.forms import DossierForm, PieceField
from fonds.forms import BaseForm, MontantField

NB_LIGNES = 6


class DossierAppelForm(DossierForm):
    """Le formulaire du socle pour un dossier d'appel : le montant demandé n'y est pas saisi,
    il est calculé depuis le budget (`services.appels.aide_demandee`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("montant_demande", None)

    @classmethod
    def erreurs_de_depot(cls, dossier) -> dict[str, list[str]]:
        from .services.appels import aide_demandee

        if dossier.cout_eligible is None or not hasattr(dossier, "projet_appel"):
            return {"__all__": ["Le projet et son budget manquent : déposez depuis l'appel."]}
        plafond = aide_demandee(dossier.cout_eligible, dossier.guichet.taux_max)
        if dossier.montant_demande is None or dossier.montant_demande > plafond:
            return {"montant_demande": [f"L'aide demandée ne dépasse pas {plafond} €."]}
        return {}


class ProjetForm(BaseForm):
    collectivite = forms.ModelChoiceField(
        label="Collectivité qui dépose", queryset=Collectivite.objects.none(), to_field_name="uuid"
    )
    titre = forms.CharField(label="Titre du projet", max_length=200)
    contexte = forms.CharField(label="Contexte", widget=forms.Textarea(attrs={"rows": 4}))
    objectifs = forms.CharField(label="Objectifs", widget=forms.Textarea(attrs={"rows": 3}))
    usagers = forms.CharField(label="Usagers concernés", widget=forms.Textarea(attrs={"rows": 2}))
    livrables = forms.CharField(label="Livrables", widget=forms.Textarea(attrs={"rows": 3}))
    calendrier = forms.CharField(label="Calendrier", widget=forms.Textarea(attrs={"rows": 2}))
    open_source = forms.BooleanField(
        label="Le code produit sera publié sous licence libre", required=False
    )
    partenaires = forms.CharField(
        label="Collectivités partenaires : numéros SIREN",
        required=False,
        max_length=2000,
        help_text="Séparés par des virgules (9 chiffres chacun). Un juré lié à une collectivité "
        "partenaire ne verra pas ce dossier.",
    )
    autres_financements = MontantField(
        label="Autres financements (en euros)", required=False, min_value=Decimal(0)
    )
    plan_de_financement = forms.CharField(
        label="Plan de financement",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Qui finance quoi, en plus de l'aide de l'État.",
    )

    def __init__(self, *args, collectivites, guichet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivite"].queryset = collectivites
        for i in range(1, NB_LIGNES + 1):
            self.fields[f"ligne_{i}_libelle"] = forms.CharField(
                label=f"Dépense {i} : libellé", max_length=200, required=False
            )
            self.fields[f"ligne_{i}_montant"] = MontantField(
                label=f"Dépense {i} : montant HT (en euros)", required=False, max_digits=14
            )
        if guichet is not None:
            for piece, exigee in guichet.sorte.pieces_du_guichet(guichet):
                self.fields[f"piece_{piece.code}"] = PieceField(
                    label=piece.libelle, exigee_au_depot=exigee
                )

    def clean_partenaires(self) -> list:
        codes = [c.strip() for c in (self.cleaned_data.get("partenaires") or "").split(",")]
        codes = [c for c in codes if c]
        mal_formes = [c for c in codes if not (c.isdigit() and len(c) == 9)]
        if mal_formes:
            raise forms.ValidationError(
                f"Un numéro SIREN a 9 chiffres : {', '.join(mal_formes[:5])}."
            )
        trouvees = list(Collectivite.objects.filter(siren__in=codes))
        inconnus = sorted(set(codes) - {c.siren for c in trouvees})
        if inconnus:
            raise forms.ValidationError(f"Inconnus du registre : {', '.join(inconnus[:5])}.")
        return trouvees

    def clean(self):
        donnees = super().clean()
        lignes = []
        for i in range(1, NB_LIGNES + 1):
            libelle = (donnees.get(f"ligne_{i}_libelle") or "").strip()
            montant = donnees.get(f"ligne_{i}_montant")
            if f"ligne_{i}_montant" in self.errors:
                continue
            if libelle and montant is None:
                self.add_error(f"ligne_{i}_montant", "Indiquez le montant de cette dépense.")
            elif montant is not None and not libelle:
                self.add_error(f"ligne_{i}_libelle", "Dites ce qu'est cette dépense.")
            elif montant is not None and montant <= 0:
                self.add_error(f"ligne_{i}_montant", "Le montant d'une dépense est positif.")
            elif libelle:
                lignes.append((libelle, montant))
        if not lignes and not any(k.startswith("ligne_") for k in self.errors):
            self.add_error("ligne_1_libelle", "Détaillez au moins une dépense d'investissement.")
        donnees["lignes"] = lignes
        return donnees

    def reponses(self) -> dict:
        d = self.cleaned_data
        champs = ("contexte", "objectifs", "usagers", "livrables", "calendrier", "open_source")
        return {
            **{c: d[c] for c in champs},
            "plan_de_financement": d["plan_de_financement"],
            "autres_financements": d.get("autres_financements") or Decimal(0),
        }

    def pieces(self) -> list:
        return [
            (nom.removeprefix("piece_"), valeur)
            for nom, valeur in self.cleaned_data.items()
            if nom.startswith("piece_") and valeur
        ]


class PreselectionForm(BaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("oui", "Pré-sélectionner"), ("non", "Ne pas pré-sélectionner")],
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(
        label="Motivation", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
