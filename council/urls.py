from django.urls import path

from . import views

app_name = "council"
urlpatterns = [
    path("", views.index, name="index"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/thanh-vien/<int:pk>/ket-thuc/", views.member_end, name="member_end"),
    path("phien/moi/", views.session_create, name="session_create"),
    path("phien/<int:pk>/", views.session_detail, name="session"),
    path("phien/<int:pk>/thao-tac/<slug:action>/", views.session_action, name="session_action"),
    path("phien/<int:pk>/tham-du/<int:member_pk>/", views.attendance, name="attendance"),
    path("phien/<int:pk>/kiem-dem/", views.tally_fragment, name="tally"),
    path(
        "phien/<int:pk>/phieu-van-ban/<int:member_pk>/",
        views.written_ballot,
        name="written_ballot",
    ),
    path("phien/<int:pk>/xet/", views.review, name="review"),
    path("phien/<int:pk>/xet/dong-y-tat-ca/", views.agree_all, name="agree_all"),
    path("phien/<int:pk>/xet/<int:item_pk>/phieu/", views.vote, name="vote"),
    path("phien/<int:pk>/xet/<int:item_pk>/khong-tham-gia/", views.recuse, name="recuse"),
    path("phien/<int:pk>/phieu-cua/<int:member_pk>/", views.my_ballot, name="ballot"),
    path("phien/<int:pk>/ket-qua/", views.results, name="results"),
    path("phien/<int:pk>/van-ban/<slug:kind>/", views.document, name="document"),
    path("phien/<int:pk>/bao-cao-tham-dinh/", views.appraisal_report, name="appraisal_report"),
    path("phien/<int:pk>/tep/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("phien/<int:pk>/bao-cao/<int:nominee_pk>/", views.report_file, name="report_file"),
    path("cong-khai/<int:pk>/", views.public_notice, name="public"),
]
