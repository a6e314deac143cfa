from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserUpdateView.as_view(), name="user_update"),
    path("users/<int:pk>/password/", views.UserPasswordResetView.as_view(), name="user_password"),
    path("users/<int:pk>/2fa/", views.UserOTPResetView.as_view(), name="user_otp_reset"),
    path("2fa/", views.OTPSetupView.as_view(), name="otp_setup"),
    path("2fa/start/", views.OTPSetupStartView.as_view(), name="otp_setup_start"),
    path("2fa/confirm/", views.OTPSetupConfirmView.as_view(), name="otp_setup_confirm"),
    path("2fa/cancel/", views.OTPSetupCancelView.as_view(), name="otp_setup_cancel"),
    path("2fa/remove/", views.OTPRemoveView.as_view(), name="otp_remove"),
    path("2fa/verify/", views.OTPVerifyView.as_view(), name="otp_verify"),
    path("access-log/", views.AccessLogView.as_view(), name="access_log"),
]
