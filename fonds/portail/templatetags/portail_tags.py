"""Rendu DSFR des champs de formulaires qui ne viennent pas du formulaire de base du portail.

Les pages de compte d'allauth construisent leurs propres formulaires : `champ_dsfr` leur donne
le même balisage que `DsfrBaseForm` (libellé, aide, message d'erreur relié au champ).
"""

from django import forms, template

register = template.Library()

# Balises qui ne peuvent pas aller dans un <label> : l'aide est alors placée après lui.
_BALISES_HORS_LIBELLE = ("<a ", "<ul", "<ol", "<p", "<div")


@register.inclusion_tag("components/champ.html")
def champ_dsfr(field):
    """Un champ lié (`BoundField`) au format du DSFR, prêt à inclure dans un formulaire."""
    widget = field.field.widget
    identifiant = field.id_for_label or field.auto_id
    aide = str(field.help_text or "")
    aide_hors_libelle = any(balise in aide for balise in _BALISES_HORS_LIBELLE)
    # Un simple lien (« Mot de passe oublié ? ») suit le champ sans le décrire.
    aide_lien = aide_hors_libelle and "<a " in aide and "<ul" not in aide
    decrit_par = []
    if aide and aide_hors_libelle and not aide_lien:
        decrit_par.append(f"{identifiant}-aide")
    if field.errors:
        decrit_par.append(f"{identifiant}-desc-error")
    if field.form.non_field_errors() and not isinstance(widget, forms.CheckboxInput):
        # L'erreur d'ensemble (« e-mail ou mot de passe incorrect ») décrit aussi les champs.
        decrit_par.append("erreurs-formulaire")

    if isinstance(widget, forms.CheckboxInput):
        genre, classe = "case", "fr-checkbox"
    elif isinstance(widget, forms.PasswordInput):
        genre, classe = "mot_de_passe", "fr-password__input fr-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        genre, classe = "liste", "fr-select"
    else:
        genre, classe = "saisie", "fr-input"
    if field.errors and genre in ("saisie", "mot_de_passe"):
        classe += " fr-input--error"

    attrs = {"placeholder": False}
    if genre != "case":
        attrs["class"] = classe
    if decrit_par:
        attrs["aria-describedby"] = " ".join(decrit_par)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return {
        "field": field,
        "genre": genre,
        "identifiant": identifiant,
        "widget_html": field.as_widget(attrs=attrs),
        "aide": aide,
        "aide_hors_libelle": aide_hors_libelle,
        "aide_lien": aide_lien,
        "erreurs": [str(e) for e in field.errors],
    }
