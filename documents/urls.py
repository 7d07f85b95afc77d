from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/tai-ve/", views.download, name="download"),
    path("so-van-ban-di/<int:year>/", views.register, name="register"),
    path("so-van-ban-di/<int:year>/pdf/", views.register_pdf, name="register_pdf"),
    path("viec/<int:pk>/", views.job, name="job"),
    path("viec/<int:pk>/thu-lai/", views.job_retry, name="job_retry"),
]
