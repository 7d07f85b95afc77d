from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("trang-chu/can-bo-don-vi/", views.home_clerk, name="home_clerk"),
    path("trang-chu/tham-dinh/", views.home_appraiser, name="home_appraiser"),
    path("trang-chu/hoi-dong/", views.home_council, name="home_council"),
    path("trang-chu/lanh-dao/", views.home_chairman, name="home_chairman"),
    path("trang-chu/quan-tri/", views.home_admin, name="home_admin"),
]
