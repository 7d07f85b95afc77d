from django.urls import path

from . import views

urlpatterns = [
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
]
