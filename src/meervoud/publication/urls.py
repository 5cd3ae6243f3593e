app_name = "publication"

urlpatterns: list = []
