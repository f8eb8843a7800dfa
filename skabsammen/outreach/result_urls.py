"""Routes for a campaign's results, reminders, closing and the volunteers' draw."""

from django.urls import path

from .views import panel, results

patterns = [
    path("<int:pk>/resultater/", results.results, name="results"),
    path("<int:pk>/paamindelser/", results.reminder_overview, name="reminders"),
    path("<int:pk>/paamindelser/send/", results.reminders_send_now, name="reminders_send"),
    path("<int:pk>/paamindelser/breve/", results.reminder_letters, name="reminder_letters"),
    path("<int:pk>/luk/", results.close, name="close"),
    path("<int:pk>/borgerpanel/", panel.panel_draw, name="panel_draw"),
]
