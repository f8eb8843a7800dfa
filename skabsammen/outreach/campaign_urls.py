"""Routes for the campaign pages (register, sample, invitations, letters)."""

from django.urls import path

from .views import campaigns

patterns = [
    path("", campaigns.campaign_list, name="list"),
    path("ny/", campaigns.campaign_create, name="create"),
    path("<int:pk>/", campaigns.campaign_detail, name="detail"),
    path("<int:pk>/rediger/", campaigns.campaign_edit, name="edit"),
    path("<int:pk>/register/", campaigns.register_import, name="register_import"),
    path("<int:pk>/stikproeve/", campaigns.sample_draw, name="sample_draw"),
    path("<int:pk>/send/", campaigns.invitations_send, name="send"),
    path("<int:pk>/send/genoptag/", campaigns.invitations_resume, name="resume"),
    path("<int:pk>/breve.pdf", campaigns.letters_pdf, name="letters_pdf"),
    path("<int:pk>/breve/lav/", campaigns.letters_pdf_request, name="letters_pdf_request"),
    path("<int:pk>/breve/status/", campaigns.letters_pdf_status, name="letters_pdf_status"),
    path("<int:pk>/breve.csv", campaigns.letters_csv, name="letters_csv"),
]
