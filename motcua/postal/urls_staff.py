from django.urls import URLPattern, URLResolver

app_name = "postal_staff"
urlpatterns: list[URLPattern | URLResolver] = []
