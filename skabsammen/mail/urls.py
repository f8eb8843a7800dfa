from django.urls import path

from . import views

app_name = "mail"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/", views.outbox_detail, name="outbox_detail"),
]
