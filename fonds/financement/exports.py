"""Exports des subventions (CSV et XLSX) en flux : la mémoire ne dépend pas du nombre de lignes."""

import tempfile

from django.http import FileResponse

from fonds import exports
from fonds.exports import neutraliser

from .enums import Axe, StatutSubvention

COLONNES = [
    ("uuid", "Référence"),
    ("dossier__uuid", "Dossier"),
    ("beneficiaire__nom", "Bénéficiaire"),
    ("beneficiaire__siren", "SIREN"),
    ("axe", "Axe"),
    ("enveloppe__nom", "Enveloppe"),
    ("region__nom", "Région"),
    ("departement__code", "Département"),
    ("objet", "Objet"),
    ("cout_eligible", "Coût éligible (€)"),
    ("taux", "Taux (%)"),
    ("montant", "Montant (€)"),
    ("montant_verse", "Versé (€)"),
    ("statut", "État"),
    ("cree_le", "Attribuée le"),
]
LIBELLES = {"axe": dict(Axe.choices), "statut": dict(StatutSubvention.choices)}
TAILLE_LOT = 2000


def lignes(queryset):
    """Les lignes de l'export, lues par lots (pas de cache du QuerySet)."""
    champs = [c for c, _ in COLONNES]
    i_axe, i_statut, i_uuid, i_dossier, i_date = (
        champs.index("axe"),
        champs.index("statut"),
        champs.index("uuid"),
        champs.index("dossier__uuid"),
        champs.index("cree_le"),
    )
    for valeurs in queryset.values_list(*champs).iterator(chunk_size=TAILLE_LOT):
        ligne = list(valeurs)
        ligne[i_axe] = LIBELLES["axe"].get(ligne[i_axe], ligne[i_axe])
        ligne[i_statut] = LIBELLES["statut"].get(ligne[i_statut], ligne[i_statut])
        ligne[i_uuid] = str(ligne[i_uuid])
        ligne[i_dossier] = str(ligne[i_dossier]) if ligne[i_dossier] else "hors dossier"
        ligne[i_date] = ligne[i_date].date()
        yield [neutraliser(v) for v in ligne]


def reponse_csv(queryset, nom: str):
    return exports.reponse_csv(
        [libelle for _, libelle in COLONNES], lignes(queryset), nom=f"{nom}.csv"
    )


def ecrire_xlsx(queryset, destination) -> None:
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Subventions")
    feuille.append([libelle for _, libelle in COLONNES])
    for ligne in lignes(queryset):
        feuille.append(ligne)
    classeur.save(destination)


def reponse_xlsx(queryset, nom: str) -> FileResponse:
    fichier = tempfile.TemporaryFile()  # noqa: SIM115 — fermé par FileResponse
    ecrire_xlsx(queryset, fichier)
    fichier.seek(0)
    return FileResponse(
        fichier,
        as_attachment=True,
        filename=f"{nom}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
