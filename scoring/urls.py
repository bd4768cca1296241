from django.urls import path

from scoring import views

app_name = "scoring"

urlpatterns = [
    path("", views.month, name="month"),
    path("rules/", views.rules, name="rules"),
    path("pieces/", views.pieces, name="pieces"),
    path("issue/", views.issue, name="issue"),
    path("bulletins/<id:pk>.<str:fmt>", views.bulletin_file, name="bulletin_file"),
]
