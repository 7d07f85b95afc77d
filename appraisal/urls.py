from django.urls import path

from . import views

app_name = "appraisal"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("xuat-excel/", views.inbox_export, name="inbox_export"),
    path("goi-y-don-vi/", views.unit_options, name="unit_options"),
    path("ho-so/<int:pk>/", views.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/tiep-nhan/", views.dossier_receive, name="receive"),
    path("ho-so/<int:pk>/tra-lai/", views.dossier_return, name="return"),
    path("ho-so/<int:pk>/khong-tiep-nhan/", views.dossier_reject, name="reject"),
    path("ho-so/<int:pk>/chuyen-hoi-dong/", views.dossier_forward, name="forward"),
    path(
        "ho-so/<int:pk>/nguoi/<int:nominee_pk>/tham-dinh/",
        views.nominee_appraise,
        name="appraise",
    ),
    path(
        "ho-so/<int:pk>/con-lai-du-dieu-kien/",
        views.appraise_remaining,
        name="appraise_remaining",
    ),
    path("ho-so/<int:pk>/dong-thoi-gian/", views.dossier_timeline_view, name="timeline"),
    path("ho-so/<int:pk>/tep/<slug:which>/", views.dossier_file, name="dossier_file"),
    path("tep/<int:pk>/", views.attachment_file, name="attachment"),
    path("nguoi/<int:pk>/bao-cao/", views.nominee_report_file, name="report_file"),
    path(
        "ke-hoach/<int:campaign_pk>/bao-cao-tham-dinh.pdf",
        views.appraisal_report,
        name="report",
    ),
    path(
        "ke-hoach/<int:campaign_pk>/bao-cao-tham-dinh/",
        views.appraisal_report_page,
        name="report_page",
    ),
]
