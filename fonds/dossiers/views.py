from django.http import HttpResponse


def dossier(request, uuid):
    return HttpResponse()
