"""Le type d'un fichier lu dans son contenu (octets magiques), jamais dans son nom."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
OLE = "application/x-ole-storage"  # Word, Excel, PowerPoint avant 2007
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

TYPES_ACCEPTES = "PDF, PNG, JPEG, Word, Excel, PowerPoint, OpenDocument (ODT, ODS, ODP)"

_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


def _type_zip(fichier) -> str | None:
    try:
        with zipfile.ZipFile(fichier) as archive:
            noms = archive.namelist()
            if "mimetype" in noms:
                # ODF : l'entrée « mimetype » (quelques octets) donne le type.
                if archive.getinfo("mimetype").file_size > 100:
                    return None
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype.startswith("application/vnd.oasis.opendocument."):
                    return mimetype
                return None
            if "[Content_Types].xml" in noms:
                for prefixe, mimetype in _OOXML.items():
                    if any(nom.startswith(prefixe) for nom in noms):
                        return mimetype
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detecter_type(fichier) -> str | None:
    """Le type MIME reconnu d'après le contenu, ou None si le type n'est pas accepté."""
    fichier.seek(0)
    debut = fichier.read(8)
    fichier.seek(0)
    try:
        if debut.startswith(b"%PDF-"):
            return PDF
        if debut.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if debut.startswith(b"\xff\xd8\xff"):
            return JPEG
        if debut.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return OLE
        if debut.startswith(b"PK\x03\x04"):
            return _type_zip(fichier)
        return None
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
    return type_contenu
