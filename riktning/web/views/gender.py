"""The gender-equality lens (*jämställdhetsintegrering*): the public page listing every
indicator whose gap between girls and boys widens, largest first, and every indicator split by
sex. Public like the indicator catalogue; the rule is in followup/gender.py, the reading in
followup/equality.py."""

from django.shortcuts import render

from riktning.followup import equality


def equality_page(request):
    found = equality.catalogue()
    return render(
        request,
        "web/equality.html",
        {"nav": "indicators", "equality": found, "window": equality.WINDOW},
    )
