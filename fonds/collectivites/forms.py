"""Champ de formulaire « collectivité » : une saisie libre (nom, code INSEE, SIREN, code
postal) résolue côté serveur, enrichie en liste déroulante accessible quand JavaScript est là.

Sans JavaScript : la personne tape, envoie ; une seule correspondance → retenue ; aucune →
erreur ; plusieurs → erreur et jusqu'à 10 propositions en boutons radio, la saisie gardée.
Avec JavaScript (`static/js/autocomplete-collectivite.js`) : combobox ARIA 1.2 qui interroge
la vue `collectivites:recherche` et remplit le champ caché `<nom>_choix` (UUID).
"""

import uuid
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from .models import Collectivite

#: Nombre maximal de propositions quand la saisie est ambiguë.
CANDIDATS_MAX = 10


class Saisie(NamedTuple):
    """Ce que le navigateur envoie : le texte tapé et, éventuellement, l'UUID choisi."""

    texte: str
    choix: str

    def __str__(self):
        return self.texte or self.choix


def _uuid(valeur) -> uuid.UUID | None:
    if isinstance(valeur, uuid.UUID):
        return valeur
    try:
        return uuid.UUID(str(valeur).strip())
    except (TypeError, ValueError, AttributeError):
        return None


class CollectiviteWidget(forms.Widget):
    template_name = "collectivites/widgets/collectivite.html"

    class Media:
        css = {"all": ["css/autocomplete-collectivite.css"]}
        js = [forms.Script("js/autocomplete-collectivite.js", defer=True)]

    def __init__(self, attrs=None):
        super().__init__(
            {"class": "fr-input", "autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )
        self.queryset = Collectivite.objects.none()
        #: Propositions à afficher (posées par le champ quand la saisie est ambiguë).
        self.candidats = []

    def value_from_datadict(self, data, files, name):
        texte = (data.get(name) or "").strip()
        choix = (data.get(f"{name}_choix") or "").strip()
        if not texte and not choix:
            return None
        return Saisie(texte, choix)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_choix" not in data

    def format_value(self, value):
        """(texte affiché, UUID retenu) à partir d'une saisie, d'un UUID ou d'un objet."""
        if value is None or value == "":
            return "", ""
        if isinstance(value, Collectivite):
            return str(value), str(value.uuid)
        if isinstance(value, Saisie):
            return value.texte, value.choix
        identifiant = _uuid(value)
        if identifiant is None:
            return str(value), ""
        collectivite = self.queryset.avec_territoire().filter(uuid=identifiant).first()
        return (str(collectivite) if collectivite else ""), str(identifiant)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        texte, choix = context["widget"]["value"]
        identifiant = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"].update(
            texte=texte,
            choix=choix,
            nom_choix=f"{name}_choix",
            url=reverse("collectivites:recherche"),
            id_liste=f"{identifiant}-liste",
            id_annonce=f"{identifiant}-annonce",
            avec_candidats=bool(self.candidats),
        )
        return context


def detail(collectivite: Collectivite) -> str:
    morceaux = [collectivite.get_nature_display()]
    if collectivite.code_insee:
        morceaux.append(f"code INSEE {collectivite.code_insee}")
    if collectivite.siren:
        morceaux.append(f"SIREN {collectivite.siren}")
    if collectivite.population:
        morceaux.append(f"{collectivite.population:,} hab.".replace(",", "\u202f"))
    return " · ".join(morceaux)


class CollectiviteBoundField(forms.BoundField):
    """Expose au gabarit du champ les propositions d'une saisie ambiguë, affichées sous le
    message d'erreur (gabarit `collectivite_champ.html`)."""

    @property
    def candidats(self) -> list[dict]:
        _texte, choix = self.field.widget.format_value(self.value())
        return [
            {
                "uuid": str(c.uuid),
                "libelle": str(c),
                "detail": detail(c),
                "id": f"{self.auto_id}-candidat-{i}",
                "coche": str(c.uuid) == choix,
            }
            for i, c in enumerate(self.field.widget.candidats)
        ]


class CollectiviteField(forms.ModelChoiceField):
    """Choix d'une collectivité active par saisie libre ou par UUID (voir le module)."""

    widget = CollectiviteWidget
    bound_field_class = CollectiviteBoundField
    default_error_messages = {
        "aucune": (
            "Aucune collectivité ne correspond à « %(texte)s ». Vérifiez l'orthographe ou "
            "saisissez le code INSEE ou le SIREN."
        ),
        "plusieurs": (
            "Plusieurs collectivités correspondent à « %(texte)s » : choisissez la vôtre "
            "ci-dessous, ou précisez votre saisie (code INSEE, SIREN)."
        ),
        "invalid_choice": "Cette collectivité n'existe pas ou plus dans le registre.",
    }

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("to_field_name", "uuid")
        # Groupe DSFR complet, dans un formulaire DsfrBaseForm comme dans un Form simple.
        kwargs.setdefault("template_name", "collectivites/widgets/collectivite_champ.html")
        kwargs.setdefault("help_text", "Nom, code INSEE, SIREN ou code postal.")
        if queryset is None:
            queryset = Collectivite.objects.actives()
        super().__init__(queryset, **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, Saisie):
            value = Saisie("", str(value)) if _uuid(value) else Saisie(str(value), "")
        texte, choix = value.texte.strip(), _uuid(value.choix)
        if choix is None and _uuid(texte):  # un UUID dans le champ texte (lien, script)
            texte, choix = "", _uuid(texte)
        self.widget.candidats = []
        if choix:
            choisie = self.queryset.filter(uuid=choix).first()
            if choisie is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            # Un choix n'est retenu que s'il correspond encore au texte (sinon la personne a
            # retapé autre chose après avoir choisi).
            if not texte or self.queryset.rechercher(texte).filter(pk=choisie.pk).exists():
                return choisie
        return self._resoudre(texte)

    def _resoudre(self, texte: str) -> Collectivite:
        candidats = list(self.queryset.avec_territoire().rechercher(texte)[: CANDIDATS_MAX + 1])
        if not candidats:
            raise ValidationError(
                self.error_messages["aucune"], code="aucune", params={"texte": texte}
            )
        exacts = [c for c in candidats if c.rang <= 1]
        if len(candidats) == 1:
            return candidats[0]
        if len(exacts) == 1:
            return exacts[0]
        self.widget.candidats = (exacts if len(exacts) > 1 else candidats)[:CANDIDATS_MAX]
        raise ValidationError(
            self.error_messages["plusieurs"], code="plusieurs", params={"texte": texte}
        )

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_uuid = str(self.prepare_value(initial) or "")
        if isinstance(data, Saisie):
            return not (data.choix and data.choix == initial_uuid)
        return str(data or "") != initial_uuid
