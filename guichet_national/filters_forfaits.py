import django_filters

from fonds.collectivites.models import Departement
from fonds.forms import BaseForm

from .models.forfaits import ApiNationale, DemandeForfait, SorteForfait, StatutDemande


class DemandeForfaitFilter(django_filters.FilterSet):
    """Filtres de la liste des demandes de forfait (DINUM) ; l'export suit les mêmes."""

    statut = django_filters.ChoiceFilter(
        label="Statut", choices=StatutDemande.choices, empty_label="Tous"
    )
    sorte = django_filters.ChoiceFilter(
        label="Sorte", choices=SorteForfait.choices, empty_label="Toutes"
    )
    api = django_filters.ModelChoiceFilter(
        label="API", queryset=ApiNationale.objects.all(), empty_label="Toutes"
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département",
        field_name="collectivite__departement",
        queryset=Departement.objects.all(),
        empty_label="Tous",
    )
    en_service = django_filters.BooleanFilter(
        label="Mis en service",
        field_name="mise_en_service_le",
        lookup_expr="isnull",
        exclude=True,
    )
    collectivite = django_filters.CharFilter(
        label="Collectivité (nom)", field_name="collectivite__nom", lookup_expr="icontains"
    )
    tri = django_filters.OrderingFilter(
        label="Trier par",
        fields=(("deposee_le", "depot"), ("collectivite__nom", "collectivite")),
        field_labels={"deposee_le": "Date de dépôt", "collectivite__nom": "Collectivité"},
    )

    class Meta:
        model = DemandeForfait
        fields = []
        form = BaseForm
