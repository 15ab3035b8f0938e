from riktning.accounts import access


def riktning(request):
    user = request.user
    return {
        "is_coordinator": access.is_coordinator(user),
        "is_member": access.is_member(user),
    }
