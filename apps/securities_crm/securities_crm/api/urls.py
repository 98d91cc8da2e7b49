from django.urls import path, re_path

from . import views

urlpatterns = [
    re_path(r"^method/(?P<path>[\w.]+)/?$", views.method, name="api_method"),
]
