"""Exports des subventions (CSV et XLSX) en flux : la mémoire ne dépend pas du nombre de lignes."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse

from .enums import Axe, StatutSubvention

COLONNES = [
    ("uuid", "Référence"),
    ("reference_dossier", "Dossier"),
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
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def _neutraliser(valeur):
    """Un texte saisi par un usager ne doit jamais devenir une formule dans un tableur."""
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def lignes(queryset):
    """Les lignes de l'export, lues par lots (pas de cache du QuerySet)."""
    champs = [c for c, _ in COLONNES]
    i_axe, i_statut, i_uuid, i_date = (
        champs.index("axe"),
        champs.index("statut"),
        champs.index("uuid"),
        champs.index("cree_le"),
    )
    for valeurs in queryset.values_list(*champs).iterator(chunk_size=TAILLE_LOT):
        ligne = list(valeurs)
        ligne[i_axe] = LIBELLES["axe"].get(ligne[i_axe], ligne[i_axe])
        ligne[i_statut] = LIBELLES["statut"].get(ligne[i_statut], ligne[i_statut])
        ligne[i_uuid] = str(ligne[i_uuid])
        ligne[i_date] = ligne[i_date].date()
        yield [_neutraliser(v) for v in ligne]


class _Tampon:
    def write(self, valeur):
        return valeur


def _csv(queryset):
    writer = csv.writer(_Tampon(), delimiter=";")
    yield "\ufeff"  # BOM : accents lisibles dans un tableur
    yield writer.writerow([libelle for _, libelle in COLONNES])
    for ligne in lignes(queryset):
        yield writer.writerow(
            [str(v).replace(".", ",") if hasattr(v, "as_tuple") else v for v in ligne]
        )


def reponse_csv(queryset, nom: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
    return response


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
