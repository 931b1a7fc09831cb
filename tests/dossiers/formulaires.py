"""Un formulaire d'axe pour les tests : ce qu'un axe déclare au-dessus du générique."""

from django import forms

from fonds.dossiers.forms import DossierForm


class FormulaireAxeTest(DossierForm):
    nombre_agents = forms.IntegerField(label="Nombre d'agents formés", required=False)
    thematique = forms.ChoiceField(
        label="Thématique",
        required=False,
        choices=[("", "—"), ("cyber", "Cybersécurité"), ("formation", "Formation")],
    )

    @classmethod
    def erreurs_de_depot(cls, dossier):
        if not dossier.donnees.get("nombre_agents"):
            return {"nombre_agents": ["Indiquez le nombre d'agents formés."]}
        return {}
