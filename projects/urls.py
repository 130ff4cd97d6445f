from django.contrib.auth import views as auth_views
from django.urls import path

from jvtracker.auth import SignInForm
from projects import correction_views, source_views, views
from projects.follow import atom as follow_atom
from projects.follow import views as follow_views

app_name = "projects"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("provinces.geojson", views.provinces_geojson, name="provinces-geojson"),
    path("neighbours.geojson", views.neighbours_geojson, name="neighbours-geojson"),
    path("ventures/<str:public_id>/", views.venture_detail, name="venture-detail"),
    path(
        "ventures/<str:public_id>/correction/",
        correction_views.correction_form,
        name="venture-correction",
    ),
    path("sources/", source_views.sources_list, name="source-list"),
    path("sources/<id:pk>/", source_views.source_detail, name="source-detail"),
    path("methodology/", source_views.methodology, name="methodology"),
    path("provinces/<str:code>/", views.province_detail, name="province-detail"),
    path("partners/<id:pk>/", views.partner_detail, name="partner-detail"),
    path(
        "account/login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("account/logout/", auth_views.LogoutView.as_view(next_page="projects:map"), name="logout"),
    path("account/api-token/", views.api_token, name="api-token"),
    path("feeds/ventures.atom", follow_atom.ventures_feed, name="feed-ventures"),
    path("account/subscriptions/", follow_views.subscriptions, name="subscriptions"),
    path(
        "account/subscriptions/<id:pk>/delete/", follow_views.subscription_remove, name="subscription-delete"
    ),
    path("unsubscribe/<str:signature>/", follow_views.unsubscribe, name="unsubscribe"),
    path("data/", views.data_page, name="data"),
    path("data/releases/<id:number>/<str:name>", views.release_file, name="release-file"),
]
