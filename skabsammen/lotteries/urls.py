from django.urls import path

from . import views

app_name = "lotteries"
urlpatterns = [
    path("", views.draw_list, name="list"),
    path("<int:pk>/", views.draw_detail, name="draw"),
    path("<int:pk>/status/", views.draw_status, name="status"),
    path("<int:pk>/kvoter/", views.draw_quotas, name="quotas"),
    path("<int:pk>/traek/", views.draw_run, name="run"),
    path("<int:pk>/traek-igen/", views.draw_resume, name="resume"),
    path("<int:pk>/categories.csv", views.categories_download, name="categories"),
    path("<int:pk>/respondents.csv", views.respondents_download, name="respondents"),
    path("<int:pk>/result.json", views.result_download, name="result"),
    path("udvalg/<slug:slug>/", views.committee_draw, name="committee"),
]
