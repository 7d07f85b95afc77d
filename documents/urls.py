from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/tai-ve/", views.download, name="download"),
    path("so-van-ban-di/<int:year>/", views.register, name="register"),
    path("so-van-ban-di/<int:year>/pdf/", views.register_pdf, name="register_pdf"),
]
