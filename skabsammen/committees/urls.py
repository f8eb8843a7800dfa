from django.urls import path

from . import views

app_name = "committees"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("arkiv/", views.archive, name="archive"),
    path("nyt/", views.body_create, name="body_create"),
    path("importer/", views.import_minutes, name="import"),
    path("moeder/<int:pk>/", views.meeting_detail, name="meeting"),
    path("moeder/<int:pk>/importrapport/", views.import_report, name="import_report"),
    path("moeder/<int:pk>/styring/", views.meeting_manage, name="manage"),
    path("moeder/<int:pk>/punkter/", views.item_add, name="item_add"),
    path("moeder/<int:pk>/offentliggoer/", views.meeting_publish, name="publish"),
    path("moeder/<int:pk>/holdt/", views.meeting_held, name="held"),
    path("moeder/<int:pk>/fremmoede/", views.meeting_attendance, name="attendance"),
    path("moeder/<int:pk>/godkend/", views.meeting_approve, name="approve"),
    path("punkter/<int:pk>/", views.item_edit, name="item_edit"),
    path("invitationer/<int:pk>/", views.invitation, name="invitation"),
    path("moeder/<int:pk>/<str:kind>.<str:fmt>", views.meeting_document, name="document"),
    path("bilag/<int:pk>/", views.attachment_download, name="attachment"),
    path("<slug:slug>/", views.body_detail, name="body"),
    path("<slug:slug>/nyt-moede/", views.meeting_create, name="meeting_create"),
    path("<slug:slug>/rediger/", views.body_edit, name="body_edit"),
    path("<slug:slug>/medlemmer/<int:pk>/afslut/", views.membership_end, name="membership_end"),
    path("<slug:slug>/ansoeg/", views.application_create, name="apply"),
    path("<slug:slug>/ansoeg/tilbage/", views.application_withdraw, name="withdraw"),
    path("<slug:slug>/principper/<slug:doc_slug>/", views.principles_detail, name="principles"),
    path(
        "<slug:slug>/principper/<slug:doc_slug>/rediger/",
        views.principles_edit,
        name="principles_edit",
    ),
    path(
        "<slug:slug>/principper/<slug:doc_slug>/vedtag/",
        views.principles_adopt,
        name="principles_adopt",
    ),
    path(
        "<slug:slug>/principper/<slug:doc_slug>/kommentar/<int:pk>/",
        views.principle_comment,
        name="principle_comment",
    ),
    path("<slug:slug>/ansoegninger/", views.application_list, name="applications"),
    path("<slug:slug>/ansoegninger/udpeg/", views.application_appoint, name="appoint"),
    path("<slug:slug>/ansoegninger/inviter/", views.application_invite, name="invite"),
]
