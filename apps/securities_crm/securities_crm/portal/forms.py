"""The portal's forms. Field checks reuse the Client validators; nothing here writes."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..doctype.client import validators
from ..doctype.data_subject_request.model import RequestType
from ..permissions.roles import CLIENT, user_roles


class PortalLoginForm(auth_views.AuthenticationForm):
    error_messages = {
        **auth_views.AuthenticationForm.error_messages,
        "not_a_client": _("This account cannot use the client portal."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff and CLIENT not in user_roles(user):
            raise forms.ValidationError(self.error_messages["not_a_client"], code="not_a_client")


class IdentityForm(forms.Form):
    """Step one of activation and of a password reset: who the client is."""

    id_number = forms.CharField(label=_("ID Number"), max_length=32)
    mobile = forms.CharField(label=_("Mobile"), max_length=20)

    def clean_mobile(self):
        try:
            return validators.validate_mobile(self.cleaned_data["mobile"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip().upper()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class NewPasswordForm(CodeForm):
    password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ContactForm(forms.Form):
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)


class MobileForm(forms.Form):
    mobile = forms.CharField(label=_("New mobile"), max_length=20)

    def clean_mobile(self):
        try:
            return validators.validate_mobile(self.cleaned_data["mobile"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


class PrivacyRequestForm(forms.Form):
    request_type = forms.ChoiceField(
        label=_("Request"),
        choices=[(RequestType.CORRECTION, _("Correct my data")), (RequestType.DELETION, _("Delete my data"))],
    )
    details = forms.CharField(
        label=_("Details"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a correction, say which data is wrong and what it should be."),
    )


class RequestForm(forms.Form):
    """A new service request from the portal."""

    category = forms.ChoiceField(label=_("About"), choices=[])
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        label=_("Attachment"), required=False, help_text=_("PDF, image, Word, Excel or text; at most 10 MB.")
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *categories]
        self.fields["category"].required = False


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Attachment"), required=False)


class RatingForm(forms.Form):
    csat_score = forms.TypedChoiceField(
        label=_("How satisfied are you with how we handled it?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    csat_comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
