from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("cach-in/", views.print_settings_view, name="settings"),
    path("don-vi/", views.unit_list, name="unit"),
    path("<int:pk>/tai-ve/", views.certificate_pdf, name="certificate"),
    path("quyet-dinh/<int:pk>/", views.decision_certificates, name="decision"),
    path("quyet-dinh/<int:pk>/in/", views.start, name="start"),
    path("quyet-dinh/<int:pk>/in-thu/", views.sample, name="sample"),
    path("quyet-dinh/<int:pk>/cong-khai/", views.publish, name="publish"),
    path("to-trinh/", views.proposal_list, name="proposals"),
    path("to-trinh/<int:pk>/", views.proposal_detail, name="proposal"),
    path("to-trinh/<int:pk>/trinh-ky/", views.proposal_submit, name="proposal_submit"),
    path("to-trinh/<int:pk>/pdf/", views.proposal_pdf, name="proposal_pdf"),
    path("to-trinh/<int:pk>/ho-so.zip", views.proposal_bundle, name="proposal_bundle"),
    path("to-trinh/<int:pk>/ket-qua/<int:line_pk>/", views.proposal_answer, name="proposal_answer"),
    path("dot/<int:pk>/tien-do/", views.progress, name="progress"),
    path("dot/<int:pk>/tep-in/", views.batch_pdf, name="batch_pdf"),
    path("dot/<int:pk>/don-vi/<int:unit_pk>/", views.batch_unit_zip, name="unit_zip"),
]
