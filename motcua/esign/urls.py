from django.urls import URLPattern, URLResolver

app_name = "esign"
urlpatterns: list[URLPattern | URLResolver] = []
