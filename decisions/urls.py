from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("ke-hoach/<int:campaign_pk>/lap/", views.decision_draft, name="draft"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/sua/", views.decision_edit, name="edit"),
    path("<int:pk>/trinh-ky/", views.decision_submit, name="submit"),
    path("<int:pk>/tra-lai/", views.decision_return, name="return"),
    path("<int:pk>/ky/", views.decision_sign, name="sign"),
    path("<int:pk>/cap-so/", views.decision_number_for_token, name="number"),
    path("<int:pk>/tai-len-ban-ky/", views.decision_upload_signed, name="upload_signed"),
    path("<int:pk>/dinh-chinh/", views.decision_correct, name="correct"),
    path("<int:pk>/pdf/", views.decision_pdf, name="pdf"),
]
