"""Les exports CSV du portail : lisibles par un tableur français, jamais de formule."""

from decimal import Decimal

from fonds.exports import reponse_csv


def test_un_texte_saisi_ne_devient_jamais_une_formule_et_les_decimales_ont_une_virgule():
    response = reponse_csv(
        ["Titre", "Montant", "Nombre"],
        iter([['=HYPERLINK("http://pirate")', Decimal("1234.50"), 3], ["@SUM(A1)", None, 0]]),
        nom="essai.csv",
    )
    texte = b"".join(response.streaming_content).decode("utf-8")
    assert texte.startswith("\ufeffTitre;Montant;Nombre\r\n")
    assert "'=HYPERLINK" in texte
    assert ";1234,50;3\r\n" in texte
    assert "'@SUM(A1);;0" in texte
    assert response["Content-Disposition"] == 'attachment; filename="essai.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
