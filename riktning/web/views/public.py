from django.shortcuts import render


def home(request):
    return render(request, "web/home.html", {"nav": "home"})


def document_list(request):
    return render(request, "web/home.html", {"nav": "documents"})


def indicator_list(request):
    return render(request, "web/home.html", {"nav": "indicators"})
