from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("ny/", views.initiative_create, name="create"),
    path("ny/bekraeft/", views.confirm_sent, name="confirm_sent"),
    path("mine/", views.mine, name="mine"),
    path("medarbejder/", views.dashboard, name="dashboard"),
    path("medarbejder/registrer/", views.register, name="register"),
    path("laesbarhed/", views.readability, name="readability"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/rediger/", views.initiative_edit, name="edit"),
    path("<int:pk>/beskeder/", views.message_create, name="message"),
    path("<int:pk>/kontaktperson/", views.assign, name="assign"),
    path("<int:pk>/status/", views.transition, name="transition"),
    path("<int:pk>/idehaver-status/", views.owner_transition, name="owner_transition"),
    path("<int:pk>/medejere/", views.invite_owner, name="invite_owner"),
    path(
        "<int:pk>/invitation/",
        views.resend_ownership_invitation,
        name="resend_ownership_invitation",
    ),
    path("<int:pk>/roller/", views.partner_role_create, name="partner_role_create"),
    path(
        "<int:pk>/roller/<int:role_pk>/slet/",
        views.partner_role_delete,
        name="partner_role_delete",
    ),
]
