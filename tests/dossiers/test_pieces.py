"""Pièces jointes : type lu dans le contenu, taille bornée, nom stocké aléatoire, accès par
rôle, antivirus."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fonds.dossiers import fichiers, services
from fonds.dossiers.antivirus import SIGNATURE_EICAR
from fonds.dossiers.enums import StatutAnalyse
from tests.dossiers.factories import PDF

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    """Une vraie image PNG d'un pixel (libmagic lit l'en-tête IHDR)."""

    def bloc(nom, donnees):
        return (
            struct.pack(">I", len(donnees))
            + nom
            + donnees
            + struct.pack(">I", zlib.crc32(nom + donnees) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + bloc(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + bloc(b"IDAT", zlib.compress(b"\0\0"))
        + bloc(b"IEND", b"")
    )


def _ole() -> bytes:
    """Un en-tête de fichier composé OLE (Word, Excel d'avant 2007), tel que libmagic le lit."""
    entete = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIII", 0, 1, 0xFFFFFFFE, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    )
    return entete + b"\xff" * (512 - len(entete)) + b"\0" * 1024


PNG = _png()
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 32
OLE = _ole()
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 64


def _zip(entrees: dict[str, bytes]) -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in entrees.items():
            archive.writestr(nom, contenu)
    return tampon.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<o/>"})


@pytest.mark.parametrize(
    ("nom", "contenu", "attendu"),
    [
        ("a.pdf", PDF, fichiers.PDF),
        ("a.png", PNG, fichiers.PNG),
        ("photo.JPG", JPEG, fichiers.JPEG),
        ("vieux.doc", OLE, fichiers.OLE),
        ("budget.docx", DOCX, fichiers.DOCX),
        ("budget.xlsx", XLSX, fichiers.XLSX),
        ("note.odt", ODT, "application/vnd.oasis.opendocument.text"),
        # Le nom ne compte pas : un PDF nommé .txt reste un PDF.
        ("sans-extension", PDF, fichiers.PDF),
    ],
)
def test_types_acceptes_reconnus_par_le_contenu(nom, contenu, attendu):
    assert fichiers.valider_fichier(SimpleUploadedFile(nom, contenu)) == attendu


@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("deliberation.pdf", EXE),  # un exécutable renommé en .pdf
        ("archive.docx", _zip({"a.txt": b"x"})),  # un zip quelconque
        ("faux.odt", _zip({"mimetype": b"application/x-autre"})),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("vide.pdf", b""),
    ],
)
def test_types_refuses(nom, contenu):
    with pytest.raises(ValidationError):
        fichiers.valider_fichier(SimpleUploadedFile(nom, contenu))


def _bombe() -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"0" * (50 * 1024 * 1024))
    return tampon.getvalue()


@pytest.mark.parametrize(
    ("nom", "contenu", "code"),
    [
        # Un PDF qui est aussi une page web (script à la fin).
        ("deliberation.pdf", PDF + b"\n<html><script>alert(1)</script></html>", "polyglotte"),
        # Un PDF qui est aussi une archive zip (répertoire central en fin de fichier).
        ("budget.pdf", PDF + _zip({"charge.exe": b"MZ"}), "polyglotte"),
        # Une image qui porte un en-tête PDF.
        ("photo.png", PNG + b"%PDF-1.7 " + b"\0" * 32, "polyglotte"),
        # Un document Word de 50 Mo décompressés pour quelques Ko : une bombe d'archive.
        ("rapport.docx", _bombe(), "type_refuse"),
    ],
)
def test_polyglottes_et_bombes_d_archive_refuses(nom, contenu, code):
    with pytest.raises(ValidationError) as erreur:
        fichiers.valider_fichier(SimpleUploadedFile(nom, contenu))
    assert erreur.value.code == code
    assert nom in erreur.value.message


def test_fichier_trop_gros(settings):
    settings.PIECES_JOINTES_TAILLE_MAX = 1024
    with pytest.raises(ValidationError) as erreur:
        fichiers.valider_fichier(SimpleUploadedFile("gros.pdf", PDF + b"0" * 2048))
    assert "la taille maximale est de 1,0\xa0Kio" in erreur.value.messages[0]


def test_exe_renomme_refuse_a_cote_du_champ_et_saisie_gardee(client, guichet, dossier, roles):
    guichet.pieces_requises = ["deliberation"]
    guichet.save()
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("dossiers:modifier", args=[dossier.uuid]),
        {
            "titre": "Titre gardé",
            "description": "d",
            "montant_demande": "10",
            "piece_deliberation": SimpleUploadedFile("deliberation.pdf", EXE),
        },
    )
    assert response.status_code == 400
    contenu = response.content.decode()
    assert "n&#x27;est pas d&#x27;un type accepté, quelle que soit son extension" in contenu
    assert 'value="Titre gardé"' in contenu
    assert not dossier.pieces.exists()
    dossier.refresh_from_db()
    assert dossier.titre == "Titre gardé"


def test_piece_stockee_sous_un_nom_aleatoire_hors_adresse_publique(dossier, roles, settings):
    piece = services.ajouter_piece(
        dossier=dossier,
        fichier=SimpleUploadedFile("../../etc/délibération.pdf", PDF),
        type_piece="deliberation",
        par=roles["membre_a"],
    )
    assert piece.nom_original.endswith("délibération.pdf")
    assert "deliberation" not in piece.fichier.name and ".." not in piece.fichier.name
    assert piece.fichier.path.startswith(str(settings.PIECES_JOINTES_ROOT))
    assert not piece.fichier.path.startswith(str(settings.MEDIA_ROOT))
    assert piece.taille == len(PDF) and len(piece.sha256) == 64
    with pytest.raises(NotImplementedError):
        piece.fichier.url  # noqa: B018


def test_antivirus_analyse_apres_validation(dossier, roles, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        saine = services.ajouter_piece(
            dossier=dossier,
            fichier=SimpleUploadedFile("a.pdf", PDF),
            type_piece="budget",
            par=roles["membre_a"],
        )
        infectee = services.ajouter_piece(
            dossier=dossier,
            fichier=SimpleUploadedFile("b.pdf", PDF + SIGNATURE_EICAR),
            type_piece="devis",
            par=roles["membre_a"],
        )
    saine.refresh_from_db()
    infectee.refresh_from_db()
    assert saine.statut_analyse == StatutAnalyse.SAINE
    assert infectee.statut_analyse == StatutAnalyse.INFECTEE
    # Idempotent : une pièce déjà analysée ne l'est pas deux fois.
    assert services.analyser(piece_id=saine.pk) is None


def test_sans_antivirus_configure(dossier, roles, settings, django_capture_on_commit_callbacks):
    settings.ANTIVIRUS_BACKEND = "fonds.dossiers.antivirus.SansAntivirus"
    with django_capture_on_commit_callbacks(execute=True):
        piece = services.ajouter_piece(
            dossier=dossier,
            fichier=SimpleUploadedFile("a.pdf", PDF),
            type_piece="budget",
            par=roles["membre_a"],
        )
    piece.refresh_from_db()
    assert piece.statut_analyse == StatutAnalyse.NON_ANALYSEE


@pytest.fixture
def piece_deposee(depose, roles):
    return services._creer_piece(
        dossier=depose,
        fichier=SimpleUploadedFile("budget.pdf", PDF),
        type_piece="budget",
        par=roles["membre_a"],
    )


@pytest.mark.parametrize(
    "acteur", ["membre_a", "instructeur_dx", "instructeur_region", "administrateur"]
)
def test_telechargement_autorise(acteur, client, piece_deposee, roles):
    client.force_login(roles[acteur])
    response = client.get(reverse("dossiers:piece", args=[piece_deposee.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="budget.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "acteur", ["membre_b", "en_attente_a", "instructeur_dy", "anct", "dinum", "jure", "partenaire"]
)
def test_telechargement_refuse(acteur, client, piece_deposee, roles):
    client.force_login(roles[acteur])
    assert client.get(reverse("dossiers:piece", args=[piece_deposee.uuid])).status_code == 404


def test_telechargement_anonyme_renvoie_a_la_connexion(client, piece_deposee):
    response = client.get(reverse("dossiers:piece", args=[piece_deposee.uuid]))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_piece_d_un_brouillon_invisible_des_agents(client, dossier, roles):
    piece = services.ajouter_piece(
        dossier=dossier,
        fichier=SimpleUploadedFile("a.pdf", PDF),
        type_piece="budget",
        par=roles["membre_a"],
    )
    client.force_login(roles["instructeur_dx"])
    assert client.get(reverse("dossiers:piece", args=[piece.uuid])).status_code == 404


def test_piece_infectee_non_telechargeable(client, piece_deposee, roles):
    piece_deposee.statut_analyse = StatutAnalyse.INFECTEE
    piece_deposee.save()
    client.force_login(roles["membre_a"])
    assert client.get(reverse("dossiers:piece", args=[piece_deposee.uuid])).status_code == 403


def test_retirer_une_piece_d_un_brouillon(client, dossier, roles):
    piece = services.ajouter_piece(
        dossier=dossier,
        fichier=SimpleUploadedFile("a.pdf", PDF),
        type_piece="budget",
        par=roles["membre_a"],
    )
    client.force_login(roles["membre_b"])
    assert client.post(reverse("dossiers:retirer_piece", args=[piece.uuid])).status_code == 404
    client.force_login(roles["membre_a"])
    client.post(reverse("dossiers:retirer_piece", args=[piece.uuid]))
    assert not dossier.pieces.exists()


def test_une_piece_deposee_ne_se_retire_plus(piece_deposee, roles):
    from django.core.exceptions import PermissionDenied

    services.demander_complements(
        dossier=piece_deposee.dossier, par=roles["instructeur_dx"], message="Un autre devis"
    )
    piece_deposee.dossier.refresh_from_db()
    with pytest.raises(PermissionDenied, match="joignez-en une nouvelle"):
        services.retirer_piece(piece=piece_deposee, par=roles["membre_a"])
    # Mais on peut en joindre une nouvelle pendant les compléments.
    services.ajouter_piece(
        dossier=piece_deposee.dossier,
        fichier=SimpleUploadedFile("devis.pdf", PDF),
        type_piece="devis",
        par=roles["membre_a"],
    )
    assert piece_deposee.dossier.pieces.count() == 2
