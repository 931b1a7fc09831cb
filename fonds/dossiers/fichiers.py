"""Le type d'un fichier lu dans son contenu par libmagic (python-magic), jamais dans son nom ;
puis deux contrôles que libmagic ne fait pas : les fichiers polyglottes (qui se lisent aussi
comme un autre format) et les bombes d'archive (documents bureautiques en zip)."""

import zipfile

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
OLE = "application/x-ole-storage"  # Word, Excel, PowerPoint avant 2007
#: Ce que libmagic répond pour un document bureautique d'avant 2007 (format OLE / CDF).
TYPES_OLE = {
    OLE,
    "application/CDFV2",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.ms-office",
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

TYPES_ACCEPTES = "PDF, PNG, JPEG, Word, Excel, PowerPoint, OpenDocument (ODT, ODS, ODP)"

_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
ODF = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
)
ZIP = "application/zip"
#: Les types acceptés tels que libmagic les nomme.
ACCEPTES = {PDF, PNG, JPEG, *TYPES_OLE, DOCX, XLSX, PPTX, *ODF}
#: Les conteneurs zip : ouverts pour la bombe d'archive et, pour un zip que libmagic ne
#: reconnaît pas (l'ordre des entrées d'un document Office varie selon le logiciel), leur type.
CONTENEURS_ZIP = {ZIP, DOCX, XLSX, PPTX, *ODF}
#: Les octets lus par libmagic (ses règles regardent le début du fichier).
ENTETE = 64 * 1024

# Bombes d'archive : un document bureautique (zip) ne se décompresse pas au-delà de ces bornes.
ARCHIVE_TAILLE_DECOMPRESSEE_MAX = 200 * 1024 * 1024
ARCHIVE_RATIO_MAX = 100
ARCHIVE_ENTREES_MAX = 5_000
# Fichiers polyglottes : des marques d'un autre format actif (page web, script, archive)
# cherchées au début et à la fin du fichier, là où les lecteurs les trouvent.
MARQUES_ACTIVES = (b"<html", b"<script", b"<svg", b"<!doctype html", b"<iframe", b"javascript:")
FENETRE = 64 * 1024


def _bombe(archive: zipfile.ZipFile) -> bool:
    entrees = archive.infolist()
    if len(entrees) > ARCHIVE_ENTREES_MAX:
        return True
    decompresse = sum(e.file_size for e in entrees)
    compresse = sum(e.compress_size for e in entrees) or 1
    return decompresse > ARCHIVE_TAILLE_DECOMPRESSEE_MAX or decompresse / compresse > (
        ARCHIVE_RATIO_MAX
    )


def polyglotte(fichier, type_contenu: str) -> bool:
    """Le fichier se lit-il aussi comme un autre format (page web, archive, PDF caché) ?"""
    fichier.seek(0)
    debut = fichier.read(FENETRE)
    fichier.seek(max(0, fichier.size - FENETRE))
    fin = fichier.read(FENETRE)
    fichier.seek(0)
    extraits = (debut + fin).lower()
    if any(marque in extraits for marque in MARQUES_ACTIVES):
        return True
    if type_contenu in (PDF, PNG, JPEG) or type_contenu in TYPES_OLE:
        # Un répertoire central zip en fin de fichier : une archive déguisée.
        return zipfile.is_zipfile(fichier) or (type_contenu != PDF and b"%PDF-" in debut[:1024])
    # Un zip (document bureautique) qui porte un en-tête PDF là où les lecteurs le cherchent.
    return b"%PDF-" in debut[:1024]


def _type_zip(fichier, type_magic: str) -> str | None:
    """Un conteneur zip : refusé si c'est une bombe d'archive ; sinon le type que libmagic a
    lu, ou, pour un zip qu'il n'a pas su nommer, le document Office qu'il contient."""
    try:
        with zipfile.ZipFile(fichier) as archive:
            if _bombe(archive):
                return None
            if type_magic != ZIP:
                return type_magic
            noms = archive.namelist()
            if "[Content_Types].xml" in noms:
                for prefixe, mimetype in _OOXML.items():
                    if any(nom.startswith(prefixe) for nom in noms):
                        return mimetype
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detecter_type(fichier) -> str | None:
    """Le type MIME reconnu par libmagic d'après le contenu, ou None s'il n'est pas accepté."""
    fichier.seek(0)
    debut = fichier.read(ENTETE)
    fichier.seek(0)
    try:
        type_magic = magic.from_buffer(debut, mime=True)
        if type_magic in CONTENEURS_ZIP:
            return _type_zip(fichier, type_magic)
        return type_magic if type_magic in ACCEPTES else None
    finally:
        fichier.seek(0)


def valider_fichier(fichier) -> str:
    """Vérifie la taille et le type d'après le contenu ; rend le type détecté."""
    taille_max = settings.PIECES_JOINTES_TAILLE_MAX
    if fichier.size > taille_max:
        raise ValidationError(
            f"Le fichier « {fichier.name} » pèse {filesizeformat(fichier.size)} : "
            f"la taille maximale est de {filesizeformat(taille_max)}.",
            code="trop_gros",
        )
    if fichier.size == 0:
        raise ValidationError(f"Le fichier « {fichier.name} » est vide.", code="vide")
    type_contenu = detecter_type(fichier)
    if type_contenu is None:
        raise ValidationError(
            f"Le contenu du fichier « {fichier.name} » n'est pas d'un type accepté, "
            f"quelle que soit son extension. Types acceptés : {TYPES_ACCEPTES}.",
            code="type_refuse",
        )
    if polyglotte(fichier, type_contenu):
        raise ValidationError(
            f"Le fichier « {fichier.name} » mêle plusieurs formats (par exemple un PDF qui "
            "contient aussi une page web ou une archive) : enregistrez-le de nouveau depuis "
            "votre logiciel, puis déposez-le.",
            code="polyglotte",
        )
    return type_contenu
