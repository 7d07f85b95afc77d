from django.urls import path

from . import views

urlpatterns = [
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("phien/gia-han/", views.session_keepalive, name="session_keepalive"),
]
