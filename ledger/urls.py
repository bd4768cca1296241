from django.urls import path

from ledger import views

app_name = "ledger"

urlpatterns = [
    path("import/", views.ledger_import_view, name="import"),
    path("import/confirm/", views.ledger_import_confirm, name="import_confirm"),
    path("template/", views.ledger_template_view, name="template"),
    path("export/", views.ledger_export_view, name="export"),
    path("exports/", views.exports, name="exports"),
    path("exports/<uuid:pk>/", views.export_download, name="export_download"),
]
