"""L'ANCT ouvre un tour de la consultation (un second tour vit de ce qui reste de l'axe 1)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from ..forms import OuvrirTourForm
from ..models import Tour
from ..services.tours import ouvrir_tour
from .anct import _exiger_anct


@require_http_methods(["GET", "POST"])
def ouvrir(request):
    _exiger_anct(request)
    form = OuvrirTourForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        slug = slugify(d["nom"])[:80] or "tour"
        try:
            if Tour.objects.filter(slug=slug).exists():
                raise ValidationError(
                    {"nom": "Un tour porte déjà ce nom : choisissez-en un autre."}
                )
            with transaction.atomic():
                tour = ouvrir_tour(
                    nom=d["nom"],
                    slug=slug,
                    description=d["description"],
                    dates=form.dates(),
                    montant=d.get("montant"),
                    par=request.user,
                    **form.regles(),
                )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, f"Le tour « {tour.nom} » est ouvert.")
            return redirect("consultation:calendrier", slug=tour.slug)
    return render(
        request,
        "consultation/ouvrir.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )
