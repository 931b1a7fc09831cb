import pytest
from django import forms
from dsfr.forms import DsfrBaseForm

from fonds.collectivites.forms import CollectiviteField
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory


class Formulaire(DsfrBaseForm):
    collectivite = CollectiviteField(label="Votre collectivité")

    def get_context(self):
        # Comme le fera la base de formulaire du projet : pas d'avertissement transitoire.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


@pytest.fixture
def communes():
    d93, d974 = DepartementFactory(code="93"), DepartementFactory(code="974")
    return {
        "paris": CollectiviteFactory(
            nom="Paris",
            code_insee="75056",
            siren="217500016",
            departement=DepartementFactory(code="75"),
        ),
        "sd93": CollectiviteFactory(nom="Saint-Denis", code_insee="93066", departement=d93),
        "sd974": CollectiviteFactory(nom="Saint-Denis", code_insee="97411", departement=d974),
        "disparue": CollectiviteFactory(nom="Disparue", code_insee="99999", actif=False),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("saisie", ["Paris", "  paris ", "75056", "217500016", "Paris (75)"])
def test_une_seule_correspondance_est_retenue(communes, saisie):
    CollectiviteFactory(nom="Cormeilles-en-Parisis", population=100)
    form = Formulaire(data={"collectivite": saisie})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["collectivite"] == communes["paris"]


@pytest.mark.django_db
def test_aucune_correspondance(communes):
    form = Formulaire(data={"collectivite": "Disparue"})
    assert not form.is_valid()
    assert form.errors["collectivite"] == [
        "Aucune collectivité ne correspond à « Disparue ». Vérifiez l'orthographe ou "
        "saisissez le code INSEE ou le SIREN."
    ]


@pytest.mark.django_db
def test_champ_obligatoire():
    form = Formulaire(data={"collectivite": ""})
    assert not form.is_valid()
    assert form.errors["collectivite"] == ["Ce champ est obligatoire."]


@pytest.mark.django_db
def test_plusieurs_correspondances_proposent_des_choix_sans_javascript(communes):
    form = Formulaire(data={"collectivite": "saint-denis"})

    assert not form.is_valid()
    assert form.errors["collectivite"][0].startswith(
        "Plusieurs collectivités correspondent à « saint-denis » : choisissez la vôtre"
    )
    html = form.as_div()
    # La saisie est gardée, les candidates sont proposées en boutons radio.
    assert 'value="saint-denis"' in html
    assert 'class="fr-input-group fr-input-group--error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_collectivite_helptext id_collectivite_error"' in html
    assert '<p class="fr-error-text">Plusieurs collectivités' in html
    for commune in (communes["sd93"], communes["sd974"]):
        assert f'name="collectivite_choix" value="{commune.uuid}"' in html
    assert "Saint-Denis (93)" in html and "Saint-Denis (974)" in html
    assert 'type="hidden"' not in html

    # La personne coche une proposition et renvoie le formulaire.
    form = Formulaire(
        data={"collectivite": "saint-denis", "collectivite_choix": str(communes["sd974"].uuid)}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["collectivite"] == communes["sd974"]


@pytest.mark.django_db
def test_choix_de_la_liste_javascript(communes):
    uuid = str(communes["sd93"].uuid)
    form = Formulaire(data={"collectivite": "Saint-Denis (93)", "collectivite_choix": uuid})
    assert form.is_valid()
    assert form.cleaned_data["collectivite"] == communes["sd93"]

    # Seul l'UUID (champ caché) : accepté aussi.
    form = Formulaire(data={"collectivite_choix": uuid})
    assert form.is_valid()

    # La personne a retapé autre chose après avoir choisi : c'est le texte qui compte.
    form = Formulaire(data={"collectivite": "Paris", "collectivite_choix": uuid})
    assert form.is_valid()
    assert form.cleaned_data["collectivite"] == communes["paris"]


@pytest.mark.django_db
def test_uuid_inconnu_ou_collectivite_inactive_refuses(communes):
    uuid = str(communes["disparue"].uuid)
    form = Formulaire(data={"collectivite": "", "collectivite_choix": uuid})
    assert not form.is_valid()
    assert form.errors["collectivite"] == [
        "Cette collectivité n'existe pas ou plus dans le registre."
    ]


@pytest.mark.django_db
def test_rendu_dsfr_et_script_externe(communes):
    form = Formulaire(initial={"collectivite": communes["paris"]})
    html = form.as_div()

    assert '<label class="fr-label" for="id_collectivite">' in html
    assert '<span class="fr-hint-text" id="id_collectivite_helptext">' in html
    assert 'class="fr-input"' in html
    assert 'value="Paris' in html
    assert f'name="collectivite_choix" value="{communes["paris"].uuid}"' in html
    assert 'role="listbox"' in html and 'aria-live="polite"' in html
    assert 'data-url="/collectivites/recherche/"' in html
    assert "<script" not in html  # pas de script en ligne (CSP)
    assert '<script src="/static/js/autocomplete-collectivite.js" defer>' in str(form.media)


@pytest.mark.django_db
def test_rendu_dans_un_formulaire_django_simple(communes):
    class Simple(forms.Form):
        collectivite = CollectiviteField()

    form = Simple(data={"collectivite": "Saint-Denis"})
    assert not form.is_valid()
    html = form.as_div()
    assert 'class="fr-input-group fr-input-group--error"' in html
    assert html.count('type="radio"') == 2
