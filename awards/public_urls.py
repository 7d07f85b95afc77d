from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("<int:authority_pk>/", views.public_list, name="awardees"),
]
