"""The client self-service portal at /portal/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .views import accounts, assessment, auth, events, feedback, home, learning, privacy, products, profile, requests

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="portal:login"), name="logout"),
    path("activate/", auth.activate, name="activate"),
    path("activate/code/", auth.activate_code, name="activate_code"),
    path("reset/", auth.reset, name="reset"),
    path("reset/code/", auth.reset_code, name="reset_code"),
    path("profile/", profile.profile, name="profile"),
    path("profile/contact/", profile.contact, name="profile_contact"),
    path("profile/mobile/", profile.mobile, name="profile_mobile"),
    path("profile/mobile/code/", profile.mobile_code, name="profile_mobile_code"),
    path("assessment/", assessment.overview, name="assessment"),
    path("assessment/start/", assessment.start, name="assessment_start"),
    path("assessment/q/<int:number>/", assessment.question, name="assessment_question"),
    path("assessment/review/", assessment.review, name="assessment_review"),
    path("assessment/<str:name>/", assessment.result, name="assessment_result"),
    path("accounts/", accounts.accounts, name="accounts"),
    path("products/", products.product_list, name="products"),
    path("products/<str:code>/", products.product_detail, name="product"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("privacy/consent/", privacy.consent, name="privacy_consent"),
    path("privacy/copy/", privacy.data_copy, name="privacy_copy"),
    path("privacy/copy/<str:name>/", privacy.data_copy_download, name="privacy_copy_download"),
    path("privacy/request/", privacy.data_request, name="privacy_request"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/<str:name>/", requests.request_detail, name="request"),
    path("requests/<str:name>/rate/", requests.request_rate, name="request_rate"),
    path("requests/<str:name>/file/<int:message>/<int:index>/", requests.request_file, name="request_file"),
    path("rate/<str:token>/", requests.rate_link, name="rate"),
    path("events/", events.event_list, name="events"),
    path("events/<str:name>/", events.event_detail, name="event"),
    path("events/<str:name>/qr/", events.event_qr, name="event_qr"),
    path("events/<str:name>/calendar.ics", events.event_ics, name="event_ics"),
    path("feedback/", feedback.feedback, name="feedback"),
    path("feedback/survey/<str:name>/", feedback.survey_form, name="feedback_survey"),
    path("feedback/response/<str:name>/", feedback.response_detail, name="feedback_response"),
    path("s/<str:token>/", feedback.survey_link, name="survey_link"),
    path("learning/", learning.centre, name="learning"),
    path("learning/record/", learning.my_record, name="learning_record"),
    path("learning/test/<str:name>/", learning.test, name="learning_test"),
    path("learning/attempt/<str:name>/", learning.attempt, name="learning_attempt"),
    path("learning/<str:name>/", learning.item, name="learning_item"),
    path("learning/<str:name>/progress/", learning.progress, name="learning_progress"),
    path("learning/<str:name>/acknowledge/", learning.acknowledge, name="learning_acknowledge"),
]
