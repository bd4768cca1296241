from django.urls import path

from reports import views, views_materials

app_name = "reports"

urlpatterns = [
    path("", views.report_home, name="home"),
    path("drafts/<id:pk>/", views.draft_edit, name="draft"),
    path("drafts/<id:pk>/regenerate/", views.draft_regenerate_view, name="regenerate"),
    path("drafts/<id:pk>/preview/", views.draft_preview, name="preview"),
    path("drafts/<id:pk>/build/", views.draft_build, name="build"),
    path("drafts/<id:pk>/confirm-plan/", views.draft_confirm_plan, name="confirm_plan"),
    path("builds/<id:pk>/download/", views.build_download, name="download"),
    path("materials/", views_materials.material_submit, name="material_submit"),
    path("materials/<int:year>/", views_materials.materials, name="materials"),
    path("materials/<int:year>/call/", views_materials.material_call, name="material_call"),
    path("materials/piece/<id:pk>/", views_materials.material_decide, name="material_decide"),
    path("binders/", views.binder_build, name="binder_build"),
    path("rules/new/", views.work_rule_edit, name="rule_create"),
    path("rules/<id:pk>/", views.work_rule_edit, name="rule_edit"),
    path("binders/<uuid:pk>/", views.binder_download, name="binder_download"),
]
