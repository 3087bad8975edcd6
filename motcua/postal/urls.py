from django.urls import URLPattern, URLResolver

app_name = "postal"
urlpatterns: list[URLPattern | URLResolver] = []
