"""Le contrôle axe-core des parcours voit bien les manquements (sinon zéro ne prouverait rien)."""

import pytest

from tests.parcours.conftest import Verificateur

pytestmark = pytest.mark.parcours

PAGE_FAUTIVE = """<!DOCTYPE html><html lang="fr"><head><title>Faute</title></head><body>
<main><h1>Page fautive</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#bbb;background:#fff">Texte trop pâle</p>
<input type="text" name="sans-libelle">
</main></body></html>"""


def test_le_verificateur_echoue_sur_une_page_fautive(navigateur):
    page = navigateur.new_page()
    try:
        page.set_content(PAGE_FAUTIVE)
        with pytest.raises(pytest.fail.Exception) as echec:
            Verificateur("verificateur")(page, "page fautive")
    finally:
        page.close()
    rapport = str(echec.value)
    for regle in ("image-alt", "color-contrast", "label"):
        assert regle in rapport
    assert "manquement(s) bloquant(s)" in rapport
