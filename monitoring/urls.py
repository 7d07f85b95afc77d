from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.follow_list, name="follow_list"),
    path("ke-hoach/<int:campaign_id>/", views.follow_up, name="follow_up"),
    path("ke-hoach/<int:campaign_id>/nhac-nho/", views.send_reminders, name="send_reminders"),
    path("ke-hoach/<int:campaign_id>/huong-dan/", views.publish_guidance, name="guidance"),
    path("so-lieu/", views.dashboard_index, name="dashboard_index"),
    path("so-lieu/<int:campaign_id>/", views.dashboard, name="dashboard"),
    path("so-lieu/so-sanh/", views.compare, name="compare"),
    path(
        "so-lieu/<int:campaign_id>/bao-cao-tong-ket.pdf",
        views.closing_report,
        name="closing_report",
    ),
    path("tim-kiem/", views.search, name="search"),
    path(
        "so-lieu/<int:campaign_id>/xuat/<slug:kind>.xlsx",
        views.export_campaign,
        name="export_campaign",
    ),
    path("quyet-dinh/<int:decision_id>/xuat.xlsx", views.export_decision, name="export_decision"),
    path("tep-xuat/<int:job_id>/", views.export_job, name="export_job"),
    path("tep-xuat/<int:job_id>/tai-ve/", views.export_download, name="export_download"),
]
