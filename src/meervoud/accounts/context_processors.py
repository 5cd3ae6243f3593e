from meervoud.accounts.permissions import CAPABILITIES, user_can


def role(request):
    user = getattr(request, "user", None)
    return {"can": {name.replace(".", "_"): user_can(user, name) for name in CAPABILITIES} if user else {}}
