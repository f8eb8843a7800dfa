from django.urls import path

from . import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("ny/", views.policy_create, name="create"),
    path("ide/<int:pk>/tilknyt/", views.initiative_link, name="initiative_link"),
    path(
        "ide/<int:pk>/fjern/<int:policy_pk>/",
        views.initiative_unlink,
        name="initiative_unlink",
    ),
    path("<slug:slug>/", views.policy_detail, name="detail"),
    path("<slug:slug>/rediger/", views.policy_edit, name="edit"),
    path("<slug:slug>/aktiv/", views.policy_set_active, name="set_active"),
]
