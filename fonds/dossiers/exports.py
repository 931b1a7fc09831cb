"""Exports des listes d'instruction (CSV, XLSX), avec les filtres de l'écran.

Les lignes sont lues par paquets (`iterator`) et écrites au fil de l'eau : la mémoire reste la
même à 10 000 ou à 100 000 dossiers.
"""

import tempfile

from django.http import FileResponse
from django.utils import timezone

from fonds import exports

from .enums import Etat

COLONNES = [
    ("uuid", "Numéro"),
    ("titre", "Titre"),
    ("collectivite__nom", "Collectivité"),
    ("collectivite__siren", "SIREN"),
    ("collectivite__departement__code", "Département"),
    ("etat", "État"),
    ("etape", "Étape"),
    ("montant_demande", "Montant demandé (€)"),
    ("depose_le", "Déposé le"),
    ("decide_le", "Décidé le"),
    ("instructeur__email", "Instructeur"),
    ("tags", "Étiquettes"),
]
PAQUET = 2000
ETATS = dict(Etat.choices)


def _entetes(colonnes) -> list[str]:
    return [titre for _, titre in COLONNES] + [c.entete for c in colonnes]


def _lignes(queryset, colonnes=()):
    """Les lignes de l'export : les colonnes du socle, puis celles de la sorte du guichet
    (`TypeGuichet.colonnes_export`), lues dans le même flux."""
    champs = [champ for champ, _ in COLONNES]
    en_plus = ["donnees", *dict.fromkeys(ch for c in colonnes for ch in c.champs)]
    for colonne in colonnes:
        if colonne.annoter is not None:
            queryset = colonne.annoter(queryset)
    i_etat = champs.index("etat")
    dates = [champs.index("depose_le"), champs.index("decide_le")]
    for valeurs in queryset.values_list(*champs, *en_plus).iterator(chunk_size=PAQUET):
        ligne = list(valeurs[: len(champs)])
        ligne[0] = str(ligne[0])
        ligne[i_etat] = ETATS.get(ligne[i_etat], ligne[i_etat])
        for i in dates:
            if ligne[i] is not None:
                ligne[i] = timezone.localtime(ligne[i]).replace(tzinfo=None)
        if colonnes:
            lue = dict(zip(champs + en_plus, valeurs, strict=True))
            ligne += [c.valeur(lue) for c in colonnes]
        yield ligne


def _nom(nom: str, extension: str) -> str:
    return f"{nom}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_en_flux(queryset, *, nom: str, colonnes=()):
    """CSV pour tableur français, envoyé ligne à ligne (voir `fonds.exports`)."""

    def lignes():
        for ligne in _lignes(queryset, colonnes):
            yield [f"{v:%d/%m/%Y %H:%M}" if hasattr(v, "isoformat") else v for v in ligne]

    return exports.reponse_csv(_entetes(colonnes), lignes(), nom=_nom(nom, "csv"))


def xlsx(queryset, *, nom: str, colonnes=()) -> FileResponse:
    """Classeur écrit en mode « write_only » d'openpyxl (mémoire constante) dans un fichier
    temporaire, puis envoyé par morceaux."""
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Dossiers")
    feuille.append(_entetes(colonnes))
    for ligne in _lignes(queryset, colonnes):
        feuille.append(ligne)
    fichier = tempfile.TemporaryFile()  # noqa: SIM115 — fermé par FileResponse
    classeur.save(fichier)
    fichier.seek(0)
    return FileResponse(
        fichier,
        as_attachment=True,
        filename=_nom(nom, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
