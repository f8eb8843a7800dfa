from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("log-ind/", views.sign_in, name="sign_in"),
    path("log-ind/sendt/", views.link_sent, name="link_sent"),
    path("link/<str:token>/", views.follow_link, name="follow_link"),
    path("log-ud/", views.sign_out, name="sign_out"),
    path("profil/", views.profile, name="profile"),
]
