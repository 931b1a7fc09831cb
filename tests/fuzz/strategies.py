"""Les valeurs arbitraires que le banc poste, selon le type de chaque champ."""

import uuid

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# Du texte Unicode quelconque (sans demi-codets isolés, que HTTP ne transporte pas),
# caractère nul compris.
TEXTE = st.text(st.characters(codec="utf-8"), max_size=40)
ENORME = st.builds(
    lambda motif, n: motif * n,
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=3),
    st.integers(2_000, 20_000),
)
NOMBRES_MAL_FORMES = st.sampled_from(
    [
        "-1", "-0,01", "0", "0,001", "1e309", "1E+50", "-1e-400", "NaN", "-NaN", "sNaN",
        "Infinity", "-Infinity", "inf", "12 500,50", "12.500,50", "12,500.50", "12500,50 €",
        "1" * 40, "9" * 15 + ",99", "--5", "+5", "0x10", "١٢٣", "１２", "½", " ", ",", "€",
        "99999999999999999999999999999999999999999", "-99999999999999",
    ]
)  # fmt: skip
NOMBRES = st.one_of(
    NOMBRES_MAL_FORMES,
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
)
DATES = st.one_of(
    st.sampled_from(
        ["2021-02-30", "0000-01-01", "9999-12-31", "10000-01-01", "31/12/2021", "demain", "-1",
         "2021-13-01", "1900-01-01", "2021-01-01T25:00"]
    ),
    st.dates().map(str),
)  # fmt: skip
IDENTIFIANTS = st.one_of(
    st.sampled_from(["0", "-1", "1" * 30, "9223372036854775808", "null", "' OR 1=1 --"]),
    st.uuids().map(str),
    st.integers().map(str),
)
FICHIERS = st.builds(
    # « . » et « .. » ne sont pas des noms de fichier : un navigateur ne les envoie pas, et
    # Django refuse de les construire.
    lambda nom, contenu: SimpleUploadedFile(nom if nom not in ("", ".", "..") else "x", contenu),
    st.text(st.characters(codec="utf-8", exclude_characters='\x00/\\\r\n"'), max_size=30),
    st.one_of(
        st.binary(max_size=2_000),
        st.sampled_from([b"%PDF-1.4\n%%EOF", b"PK\x03\x04" + b"\x00" * 30, b"MZ\x90\x00"]),
    ),
)


def _choix(champ):
    valeurs = [str(v) for v, _ in getattr(champ, "choices", []) if v not in ("", None)]
    return st.sampled_from(valeurs) if valeurs else st.nothing()


def valeur(champ: forms.Field):
    """Une valeur (ou une liste de valeurs) à poster pour `champ`."""
    if isinstance(champ, forms.FileField):
        return st.one_of(FICHIERS, TEXTE)
    if isinstance(champ, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        propre = NOMBRES
    elif isinstance(champ, (forms.DateField, forms.DateTimeField)):
        propre = DATES
    elif isinstance(champ, (forms.ModelChoiceField, forms.UUIDField)):
        propre = st.one_of(IDENTIFIANTS, st.just(str(uuid.uuid4())))
    elif isinstance(champ, forms.ChoiceField):
        propre = st.one_of(_choix(champ), IDENTIFIANTS)
    else:
        propre = st.nothing()
    simple = st.one_of(propre, TEXTE, ENORME, NOMBRES_MAL_FORMES)
    # Le mauvais type : plusieurs valeurs là où le formulaire en attend une.
    return st.one_of(simple, simple, simple, st.lists(simple, min_size=2, max_size=3))


def donnees(champs: dict[str, forms.Field]):
    """Un dictionnaire de données de formulaire : chaque champ tiré, ou absent."""
    return st.fixed_dictionaries({}, optional={nom: valeur(champ) for nom, champ in champs.items()})


def reglages(exemples: int):
    """Les réglages Hypothesis des bancs : `exemples` tirages, sans réduction (le temps reste
    borné ; l'exemple fautif est affiché tel quel), sans base d'exemples."""
    return settings(
        max_examples=exemples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
