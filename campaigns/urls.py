from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("moi/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/sua/", views.campaign_edit, name="edit"),
    path("<int:pk>/chuyen/<slug:action>/", views.campaign_transition, name="transition"),
    path("<int:pk>/pdf/", views.campaign_pdf, name="pdf"),
    path("<int:pk>/phien-ban/<int:number>/", views.revision_detail, name="revision"),
    path("<int:pk>/phien-ban/<int:number>/pdf/", views.revision_pdf, name="revision_pdf"),
    path("<int:pk>/phan-anh/", views.question_ask, name="ask"),
    path("<int:pk>/phan-anh/<int:question_pk>/tra-loi/", views.question_answer, name="answer"),
]
