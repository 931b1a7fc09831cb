"""Une page d'une liste en une requête (fonds/pagination.py) : mêmes pages que Django."""

import pytest
from django.core.paginator import Paginator

from fonds.collectivites.models import Region
from fonds.pagination import page_en_une_requete
from tests.collectivites.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("numero", [None, "1", "2", "3", "9", "x", "0", "-1"])
def test_memes_pages_que_django(numero, django_assert_max_num_queries):
    for i in range(12):
        RegionFactory(code=f"R{i:02}", nom=f"Région {i:02}")
    qs = Region.objects.order_by("code")
    attendue = Paginator(qs, 5).get_page(numero)
    with django_assert_max_num_queries(2):
        page = page_en_une_requete(qs, numero, 5)
    assert page.number == attendue.number
    assert page.paginator.count == attendue.paginator.count == 12
    assert [r.code for r in page] == [r.code for r in attendue]


def test_une_requete_pour_une_page_existante(django_assert_num_queries):
    for i in range(7):
        RegionFactory(code=f"R{i:02}")
    with django_assert_num_queries(1):
        page = page_en_une_requete(Region.objects.order_by("code"), "2", 5)
        assert [r.code for r in page] == ["R05", "R06"] and page.paginator.num_pages == 2


def test_liste_vide(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_en_une_requete(Region.objects.order_by("code"), None, 5)
    assert page.paginator.count == 0 and list(page) == [] and page.number == 1
