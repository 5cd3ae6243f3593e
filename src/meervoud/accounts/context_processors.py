from meervoud.accounts.permissions import CAPABILITIES, user_can


def role(request):
    from meervoud.core.work import has_work

    user = getattr(request, "user", None)
    if not user:
        return {"can": {}, "has_work": False}
    # has_work: the menu offers "Mijn werk" by the same rule as the page's lines (no query)
    return {"can": {name.replace(".", "_"): user_can(user, name) for name in CAPABILITIES},
            "has_work": has_work(user)}
