"""Une page d'une liste en une requête : les lignes et le nombre total ensemble."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

#: Au-delà, le numéro n'atteint pas la base (un décalage hors des entiers SQL) : Django
#: retombe sur la dernière page.
MAXIMUM_PAGES = 100_000


def page_en_une_requete(queryset, numero, par_page: int) -> Page:
    """Comme `Paginator(queryset, par_page).get_page(numero)`, mais le nombre total vient avec
    les lignes (`COUNT(*) OVER ()`, calculé avant la limite) au lieu d'un `COUNT` à part. Un
    numéro hors des pages retombe sur `get_page` (deux requêtes, comme Django)."""
    paginator = Paginator(queryset, par_page)
    try:
        n = int(numero)
    except (TypeError, ValueError):
        n = 1
    if not 1 <= n <= MAXIMUM_PAGES:
        return paginator.get_page(numero)
    debut = (n - 1) * par_page
    lignes = list(queryset.annotate(total_liste=Window(Count("pk")))[debut : debut + par_page])
    if not lignes and n > 1:
        return paginator.get_page(numero)
    paginator.count = lignes[0].total_liste if lignes else 0
    return Page(lignes, n, paginator)
