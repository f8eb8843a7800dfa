"""The answer pages: a personal link or a code from a letter, no account needed."""

from django.urls import path

from .views import answers

app_name = "answers"
urlpatterns = [
    path("", answers.answer_code, name="code"),
    path("besvar/", answers.answer_by_code, name="form"),
    path("tak/", answers.thanks, name="thanks"),
    path("<str:token>/", answers.answer_by_token, name="token"),
]
