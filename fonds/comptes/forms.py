from django import forms


class InscriptionForm(forms.Form):
    """Champs ajoutés au formulaire d'inscription d'allauth (ACCOUNT_SIGNUP_FORM_CLASS)."""

    # Le prénom et le nom d'abord, puis l'adresse e-mail et le mot de passe d'allauth.
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    first_name = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
