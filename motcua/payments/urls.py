from django.urls import URLPattern, URLResolver

app_name = "payments"
urlpatterns: list[URLPattern | URLResolver] = []
