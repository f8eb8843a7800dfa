from django.urls import path

from .views import directory, imports, introductions, suggestions

app_name = "bridges"
urlpatterns = [
    # Staff: introductions at a glance, and the figures.
    path("", introductions.overview, name="overview"),
    path("tal/", introductions.figures, name="figures"),
    # The directory: public part, staff upkeep, an organisation's own link, imports.
    path("organisationer/", directory.directory, name="directory"),
    path("organisationer/<int:pk>/", directory.organisation, name="organisation"),
    path("katalog/", directory.staff_directory, name="staff_directory"),
    path("katalog/ny/", directory.organisation_create, name="organisation_create"),
    path("katalog/<int:pk>/", directory.organisation_detail, name="organisation_detail"),
    path("katalog/<int:pk>/rediger/", directory.organisation_edit, name="organisation_edit"),
    path("katalog/<int:pk>/kontakter/ny/", directory.contact_create, name="contact_create"),
    path("katalog/kontakter/<int:pk>/rediger/", directory.contact_edit, name="contact_edit"),
    path(
        "katalog/<int:pk>/opdateringslink/",
        directory.update_link,
        name="organisation_update_link",
    ),
    path("opdater/<str:token>/", directory.self_update, name="self_update"),
    path("import/", imports.upload, name="import_upload"),
    path("import/<int:pk>/", imports.report, name="import_report"),
    # Suggestions for an idea (staff), and a citizen's request for contact.
    path("ide/<int:pk>/", suggestions.suggestions, name="suggestions"),
    path("ide/<int:pk>/afvis/", suggestions.dismiss, name="dismiss"),
    path("ide/<int:pk>/introduktion/", introductions.propose, name="propose"),
    path("ide/<int:pk>/bed-om-kontakt/", introductions.request_contact, name="request_contact"),
    # Answers: the idea's owners in their thread, a contact through an e-mail link.
    path("introduktioner/<int:pk>/svar/", introductions.owner_answer, name="owner_answer"),
    path("introduktioner/<int:pk>/tilbagekald/", introductions.withdraw, name="withdraw"),
    path("svar/<str:token>/", introductions.contact_answer, name="contact_answer"),
]
