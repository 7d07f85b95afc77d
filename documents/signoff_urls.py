from django.urls import path

from . import signoff_views as views

app_name = "signoff"

urlpatterns = [
    path("", views.signoff_list, name="list"),
    path("<int:pk>/", views.signoff_detail, name="detail"),
    path("<int:pk>/xem-truoc/", views.signoff_preview, name="preview"),
    path("<int:pk>/duyet/", views.signoff_approve, name="approve"),
    path("<int:pk>/tra-lai/", views.signoff_return, name="return"),
    path("<int:pk>/rut-lai/", views.signoff_withdraw, name="withdraw"),
]
