import django_filters
from django import forms
from django.db.models import Q

from fonds.collectivites.models import Departement
from fonds.forms import BaseForm

from .enums import ETATS_VISIBLES_AGENTS, Etat
from .models import Dossier


class FiltreForm(BaseForm):
    pass


class DossierFilter(django_filters.FilterSet):
    """Les filtres de la liste d'instruction ; les exports suivent les mêmes."""

    q = django_filters.CharFilter(method="filtrer_texte", label="Rechercher")
    etat = django_filters.ChoiceFilter(
        label="État",
        choices=[(e.value, e.label) for e in Etat if e in ETATS_VISIBLES_AGENTS],
        empty_label="Tous",
    )
    collectivite = django_filters.CharFilter(
        field_name="collectivite__nom", lookup_expr="icontains", label="Collectivité"
    )
    departement = django_filters.ModelChoiceFilter(
        field_name="collectivite__departement",
        queryset=Departement.objects.all(),
        label="Département",
        empty_label="Tous",
    )
    montant_min = django_filters.NumberFilter(
        field_name="montant_demande", lookup_expr="gte", label="Montant minimum (€)"
    )
    montant_max = django_filters.NumberFilter(
        field_name="montant_demande", lookup_expr="lte", label="Montant maximum (€)"
    )
    depose_apres = django_filters.DateFilter(
        field_name="depose_le",
        lookup_expr="date__gte",
        label="Déposé à partir du",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    depose_avant = django_filters.DateFilter(
        field_name="depose_le",
        lookup_expr="date__lte",
        label="Déposé jusqu'au",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    tag = django_filters.CharFilter(method="filtrer_tag", label="Étiquette")
    instructeur = django_filters.ChoiceFilter(
        field_name="instructeur_id", label="Instructeur attribué", empty_label="Tous"
    )
    tri = django_filters.OrderingFilter(
        label="Trier par",
        fields=(
            ("depose_le", "depose_le"),
            ("montant_demande", "montant"),
            ("collectivite__nom", "collectivite"),
            ("titre", "titre"),
        ),
        field_labels={
            "depose_le": "Date de dépôt",
            "-depose_le": "Date de dépôt (récents d'abord)",
            "montant_demande": "Montant",
            "-montant_demande": "Montant (décroissant)",
            "collectivite__nom": "Collectivité",
            "-collectivite__nom": "Collectivité (Z → A)",
            "titre": "Titre",
            "-titre": "Titre (Z → A)",
        },
        empty_label="Date de dépôt (récents d'abord)",
    )

    class Meta:
        model = Dossier
        fields = []
        form = FiltreForm

    def __init__(self, *args, instructeurs, **kwargs):
        """`instructeurs` : les agents du guichet, lus une fois par la vue (ils font aussi la
        clé du formulaire rendu et gardé, `views.instruction.formulaire_de_filtres`)."""
        super().__init__(*args, **kwargs)
        self.filters["instructeur"].extra["choices"] = [(str(u.pk), str(u)) for u in instructeurs]

    def filtrer_texte(self, queryset, name, value):
        return queryset.rechercher(value)

    def filtrer_tag(self, queryset, name, value):
        tag = value.strip()
        if not tag:
            return queryset
        # Une étiquette entière dans la liste « a, b, c » (pas un morceau d'étiquette).
        return queryset.filter(
            Q(tags__iexact=tag)
            | Q(tags__istartswith=f"{tag},")
            | Q(tags__iendswith=f", {tag}")
            | Q(tags__icontains=f", {tag},")
        )

    @property
    def qs(self):
        qs = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("tri"):
            qs = qs.order_by("-depose_le", "-pk")
        return qs
