from django.contrib.auth.views import LoginView, LogoutView
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", LoginView.as_view(template_name="provider_login.html"), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
