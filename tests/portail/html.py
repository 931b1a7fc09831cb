"""Lecture du HTML rendu pour les tests d'accessibilité (html.parser, sans dépendance)."""

import re
from html.parser import HTMLParser

CHAMPS_SANS_LIBELLE = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    """Ce qu'un test d'accessibilité regarde : langue, titre, titres, champs et libellés."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.titre = ""
        self.titres: list[tuple[int, str]] = []  # (niveau, texte)
        self.champs: list[dict] = []
        self.libelles_pour: set[str] = set()
        self.ids: list[str] = []
        self._pile: list[str] = []
        self._texte_titre: list[str] | None = None
        self._dans_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title":
            self._dans_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self._texte_titre = []
            self._niveau = int(tag[1])
        elif tag == "label" and a.get("for"):
            self.libelles_pour.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            self.champs.append({"tag": tag, **a})

    def handle_endtag(self, tag):
        if tag == "title":
            self._dans_title = False
        elif re.fullmatch(r"h[1-6]", tag) and self._texte_titre is not None:
            self.titres.append((self._niveau, " ".join("".join(self._texte_titre).split())))
            self._texte_titre = None

    def handle_data(self, data):
        if self._dans_title:
            self.titre += data
        if self._texte_titre is not None:
            self._texte_titre.append(data)

    @property
    def h1(self) -> list[str]:
        return [texte for niveau, texte in self.titres if niveau == 1]

    def champs_sans_libelle(self) -> list[dict]:
        return [
            c
            for c in self.champs
            if c.get("type", "text") not in CHAMPS_SANS_LIBELLE
            and c.get("id") not in self.libelles_pour
            and not c.get("aria-label")
        ]

    def sauts_de_niveau(self) -> list[tuple[int, int]]:
        """Les titres qui sautent un niveau en descendant (h2 suivi d'un h4…)."""
        niveaux = [niveau for niveau, _ in self.titres]
        return [(a, b) for a, b in zip(niveaux, niveaux[1:], strict=False) if b > a + 1]


def verifier_page_accessible(response, h1_attendu: str, titre_attendu: str | None = None) -> Page:
    """Statut 200, html lang="fr", un seul h1, titre et h1 en français, champs étiquetés.

    Le titre de la page (<title>) commence par `titre_attendu` (par défaut le h1).
    """
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.lang == "fr"
    assert page.h1 == [h1_attendu], page.h1
    titre = " ".join(page.titre.split())
    assert titre.startswith(titre_attendu or h1_attendu), titre
    assert titre.endswith("Fonds « Transformation numérique des territoires »"), titre
    assert not page.champs_sans_libelle(), page.champs_sans_libelle()
    assert not page.sauts_de_niveau(), page.titres
    doublons = {i for i in page.ids if page.ids.count(i) > 1}
    assert not doublons, doublons
    return page
