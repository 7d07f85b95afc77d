from django.urls import path

from . import views

app_name = "nominations"

urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("lap/<int:campaign_pk>/", views.dossier_create, name="create"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/sua/", views.dossier_edit, name="edit"),
    path("<int:pk>/tep-ho-so/<str:which>/", views.dossier_file_upload, name="file_upload"),
    path("<int:pk>/tep-ho-so/<str:which>/tai-ve/", views.dossier_file_download, name="file"),
    path("<int:pk>/them/", views.nominee_add, name="nominee_add"),
    path("<int:pk>/nhap-excel/", views.nominee_import, name="import"),
    path("<int:pk>/nhap-excel/<int:job_pk>/", views.import_job, name="import_job"),
    path("<int:pk>/mau-excel/", views.import_template, name="import_template"),
    path("<int:pk>/doi-tuong/<int:nominee_pk>/", views.nominee_detail, name="nominee_detail"),
    path("<int:pk>/doi-tuong/<int:nominee_pk>/sua/", views.nominee_edit, name="nominee_edit"),
    path("<int:pk>/doi-tuong/<int:nominee_pk>/xoa/", views.nominee_remove, name="nominee_remove"),
    path(
        "<int:pk>/doi-tuong/<int:nominee_pk>/bao-cao/tai-len/",
        views.nominee_report_upload,
        name="nominee_report_upload",
    ),
    path(
        "<int:pk>/doi-tuong/<int:nominee_pk>/bao-cao/tai-ve/",
        views.nominee_report_download,
        name="nominee_report_file",
    ),
    path(
        "<int:pk>/doi-tuong/<int:nominee_pk>/bao-cao.pdf",
        views.nominee_report_pdf,
        name="nominee_report_pdf",
    ),
    path("<int:pk>/tep/them/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path(
        "<int:pk>/tep/<int:attachment_pk>/xoa/", views.attachment_remove, name="attachment_remove"
    ),
    path("<int:pk>/gui/", views.dossier_submit, name="submit"),
    path("<int:pk>/gui-lai/", views.dossier_resubmit, name="resubmit"),
    path("<int:pk>/rut/", views.dossier_withdraw, name="withdraw"),
    path("<int:pk>/lan-gui/<int:number>/", views.snapshot_detail, name="snapshot"),
    path("<int:pk>/in/<slug:which>/", views.dossier_document_pdf, name="document_pdf"),
]
