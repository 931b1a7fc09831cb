import django_filters

from fonds.collectivites.models import Departement, Region
from fonds.forms import BaseForm

from .enums import Axe, StatutSubvention
from .models import Subvention


class SubventionFilter(django_filters.FilterSet):
    """Filtres de la liste des subventions ; les exports suivent les mêmes."""

    axe = django_filters.ChoiceFilter(label="Axe", choices=Axe.choices, empty_label="Tous")
    statut = django_filters.ChoiceFilter(
        label="État", choices=StatutSubvention.choices, empty_label="Tous"
    )
    region = django_filters.ModelChoiceFilter(
        label="Région", queryset=Region.objects.all(), empty_label="Toutes"
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département", queryset=Departement.objects.all(), empty_label="Tous"
    )
    montant_min = django_filters.NumberFilter(
        label="Montant minimal (€)", field_name="montant", lookup_expr="gte"
    )
    montant_max = django_filters.NumberFilter(
        label="Montant maximal (€)", field_name="montant", lookup_expr="lte"
    )
    tri = django_filters.OrderingFilter(
        label="Trier par",
        fields=(
            ("cree_le", "date"),
            ("montant", "montant"),
            ("montant_verse", "verse"),
            ("beneficiaire__nom", "beneficiaire"),
            ("statut", "statut"),
        ),
        field_labels={
            "cree_le": "Date d'attribution",
            "montant": "Montant",
            "montant_verse": "Versé",
            "beneficiaire__nom": "Bénéficiaire",
            "statut": "État",
        },
    )

    class Meta:
        model = Subvention
        fields = []
        form = BaseForm
