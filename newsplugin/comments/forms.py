"""The form readers use to reply to an article or to another comment."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_comments_xtd.forms import XtdCommentForm

from ..conf import conf
from ..forms import quick_widget_renderer
from ..models import NAME_KEY_LENGTH, ArticleComment, Author, NewsSettings, name_key
from ..numbers import whole_number
from ..prepared import PreparedQuery
from ..sanitise import sanitise_comment, visible_text

# Tab, line feed and carriage return are the only control characters a comment needs.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# Characters that reorder the text around them: a name could pretend to be another.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def refuse_control_characters(value):
    if "\ufffd" in (value or ""):
        # Django decodes bytes that are not UTF-8 to U+FFFD: the text arrived damaged.
        raise ValidationError(
            _("Some characters in this field could not be read. Type it again."),
            code="undecodable",
        )
    if any(
        unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in value or ""
    ):
        raise ValidationError(
            _("Remove the invisible control characters from this field."), code="control"
        )


def require_visible_characters(value):
    if value and not visible_text(value):
        raise ValidationError(_("This field is required."), code="required")


def refuse_line_breaks_and_bidi(value):
    if any(ch in _BIDI_CONTROLS or ch in "\n\r\t" for ch in value or ""):
        raise ValidationError(
            _("Use letters, numbers and punctuation only, on one line."), code="single_line"
        )


class WholeNumberField(forms.IntegerField):
    """An id sent back by the page: ASCII digits only (``newsplugin.numbers``)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = whole_number(str(value).strip())
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


# What the newsroom's own replies are marked with (threads.py); never a reader's name.
NEWSROOM_MARKS = ("Redaksi", "Newsroom")


# A context of their own, so that other apps' translations of "Name" never win.
LABELS = {
    "name": pgettext_lazy("comment form", "Name"),
    "email": pgettext_lazy("comment form", "Email"),
    "url": pgettext_lazy("comment form", "Website"),
    "comment": pgettext_lazy("comment form", "Comment"),
}


class ArticleCommentForm(XtdCommentForm):
    """django-comments-xtd's form with the checks a newsroom needs.

    It keeps the anti-forgery fields (security hash, timestamp, honeypot) and adds:
    a reply may only answer an approved comment on the same article, below the
    maximum depth; control characters and NUL bytes are refused; the website
    must be an http(s) address; a comment that is empty once sanitised is refused.
    Override ``clean_reply_to()`` or ``clean_comment()`` to change a rule.
    """

    name = forms.CharField(
        label=LABELS["name"],
        max_length=50,
        validators=[
            refuse_control_characters,
            refuse_line_breaks_and_bidi,
            require_visible_characters,
        ],
    )
    email = forms.EmailField(
        label=LABELS["email"], max_length=254, validators=[refuse_control_characters]
    )
    url = forms.URLField(
        label=LABELS["url"],
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"]), refuse_control_characters],
        error_messages={"invalid": _("Enter a web address starting with http:// or https://.")},
    )
    comment = forms.CharField(label=LABELS["comment"], widget=forms.Textarea)
    reply_to = WholeNumberField(required=False, initial=0, widget=forms.HiddenInput)
    notify_replies = forms.BooleanField(
        required=False, label=_("Email me once when someone replies to my comment")
    )
    notify_decision = forms.BooleanField(
        required=False,
        label=_("Email me once when a moderator approves or rejects my comment"),
    )
    remember = forms.BooleanField(
        required=False,
        label=_(
            "Save my name, email, and website in this browser for the next time I comment"
        ),
    )
    honeypot = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, article, *args, user=None, site=None, **kwargs):
        """``site``: the article's site, when the caller has it (else ``article.get_site()``)."""
        self.parent_comment = None
        self.user = user
        self.site = site
        # Every article page renders this form's dozen widgets: in Python, not templates.
        kwargs.setdefault("renderer", quick_widget_renderer())
        super().__init__(article, *args, **kwargs)
        # xtd's form adds Bootstrap widgets and a follow-up box; the moderation
        # issue brings notifications of its own.
        del self.fields["followup"]
        comment = self.fields["comment"]
        comment.max_length = conf.COMMENT_MAX_LENGTH
        comment.validators += [
            MaxLengthValidator(conf.COMMENT_MAX_LENGTH),
            refuse_control_characters,
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "url": forms.URLInput(attrs={"autocomplete": "url"}),
            "comment": forms.Textarea(attrs={"rows": 6, "cols": 60}),
        }
        for name, widget in widgets.items():
            field = self.fields[name]
            widget.attrs.update(field.widget_attrs(widget))
            field.widget = widget
        for name, label in LABELS.items():
            self.fields[name].label = label
            self.fields[name].help_text = ""

    # Django 6.1 warns when salted_hmac() picks its algorithm by default; the
    # 40-character hash field means SHA-1, as django-contrib-comments always used.
    def generate_security_hash(self, content_type, object_pk, timestamp):
        value = "-".join((content_type, object_pk, timestamp))
        return salted_hmac(
            "django.contrib.forms.CommentSecurityForm", value, algorithm="sha1"
        ).hexdigest()

    def clean_security_hash(self):
        try:
            return super().clean_security_hash()
        except (TypeError, ValueError):
            # Non-text values in the hashed fields: a forgery all the same.
            raise ValidationError("Security hash check failed.")

    def is_reserved_name(self, name):
        """Whether readers may not use ``name``: the newsroom's or an author's (any case,
        width or spacing). An author logged in with their own account may use theirs.

        One indexed query for the authors, however many there are.
        """
        key = name_key(name)
        if not key:
            return False
        site = self.site or self.target_object.get_site()
        newsroom = list(NEWSROOM_MARKS)
        if site is not None:
            news = NewsSettings.for_site(site)
            news.site = site  # already loaded: the publisher name may fall back to its name
            newsroom.append(news.get_publisher_name())
        if key in {name_key(mark) for mark in newsroom}:
            return True
        key = key[:NAME_KEY_LENGTH]
        if self.user is not None and self.user.is_authenticated:
            return bool(_AUTHOR_NAMED_BUT(key, self.user.pk))
        return bool(_AUTHOR_NAMED(key))

    def clean_name(self):
        name = self.cleaned_data["name"]
        if self.is_reserved_name(name):
            raise ValidationError(
                _("This name belongs to the newsroom or one of its writers. Use your own name."),
                code="reserved_name",
            )
        return name

    def clean_comment(self):
        comment = super().clean_comment()
        if not visible_text(sanitise_comment(comment)):
            raise ValidationError(_("Your comment is empty. Write a few words."), code="empty")
        return comment

    def clean_reply_to(self):
        """The comment being answered: approved, on this article, and not too deep."""
        parent_id = self.cleaned_data.get("reply_to") or 0
        if not parent_id:
            return 0
        parent = (
            ArticleComment.objects.for_article(self.target_object)
            .approved()
            .filter(pk=parent_id)
            .only("pk", "level", "thread_id", "user_name")
            .first()
        )
        if parent is None:
            raise ValidationError(
                _(
                    "The comment you are replying to is not available. "
                    "Reply to the article instead."
                ),
                code="reply_to_missing",
            )
        if parent.depth >= conf.COMMENT_MAX_DEPTH:
            raise ValidationError(
                _("This conversation is as deep as it can go. Reply to an earlier comment."),
                code="reply_to_too_deep",
            )
        self.parent_comment = parent
        return parent.pk

    def get_comment_model(self):
        return ArticleComment

    def get_comment_object(self, site_id=None):
        comment = super().get_comment_object(site_id=site_id)
        # The moderator reads the comment's article: it is this one, already loaded.
        comment.content_object = self.target_object
        comment.object_pk = str(self.target_object.pk)
        return comment

    def get_comment_create_data(self, site_id=None):
        # Skip XtdCommentForm's version: it loads the article again and sets xtd's
        # temporary-comment fields, which this plugin does not use.
        data = super(XtdCommentForm, self).get_comment_create_data(site_id=site_id)
        data.update(
            parent_id=self.cleaned_data.get("reply_to") or 0,
            thread_id=0,
            level=0,
            order=1,
            followup=False,
            notify_replies=bool(self.cleaned_data.get("notify_replies")),
            notify_decision=bool(self.cleaned_data.get("notify_decision")),
        )
        return data

    def check_for_duplicate_comment(self, new):
        # The duplicate rule (newsplugin.comments.rules.refuse_duplicates) tells the reader
        # instead of silently keeping the first copy.
        return new

    def clean(self):
        # XtdCommentForm.clean() adds Bootstrap classes; nothing else to keep.
        return super(XtdCommentForm, self).clean()


# Whether an author has this name key (but the given user's own): every post asks.
_AUTHOR_NAMED = PreparedQuery(
    Author, lambda key: Author.objects.filter(name_key=key).values_list("pk", flat=True)[:1]
)
_AUTHOR_NAMED_BUT = PreparedQuery(
    Author,
    lambda key, user_pk: Author.objects.filter(name_key=key)
    .exclude(user=user_pk)
    .values_list("pk", flat=True)[:1],
)


class LazyReaderForm(SimpleLazyObject):
    """The reply form every reader gets under an article (empty, replying to no one),
    made only when something reads it. Its markup is kept
    (``newsplugin.comments.form_markup``) and needs nothing of the form but the
    anti-forgery values, which ``security_data()`` gives without building a dozen
    fields and widgets on every page view; a form made after that holds the same
    values."""

    def __init__(self, article):
        super().__init__(self._make)
        self.__dict__["_article"] = article
        self.__dict__["_security"] = None

    def _make(self):
        form = ArticleCommentForm(self.__dict__["_article"], initial={"reply_to": 0})
        if self.__dict__["_security"] is not None:
            form.initial.update(self.__dict__["_security"])
        return form

    def __bool__(self):
        return True  # as any form: no need to make it to say so

    @property
    def is_built(self):
        return self._wrapped is not empty

    def built(self):
        """The form itself, made now if it was not."""
        if self._wrapped is empty:
            self._setup()
        return self._wrapped

    def security_data(self):
        """django-contrib-comments' anti-forgery values for the article, from the form
        class's own method: what the form's ``initial`` holds."""
        if self.is_built:
            return {name: self.initial[name] for name in SECURITY_FIELDS}
        if self.__dict__["_security"] is None:
            probe = ArticleCommentForm.__new__(ArticleCommentForm)
            probe.target_object = self.__dict__["_article"]
            self.__dict__["_security"] = probe.generate_security_data()
        return dict(self.__dict__["_security"])


# The anti-forgery fields django-contrib-comments adds to the form's initial values.
SECURITY_FIELDS = ("content_type", "object_pk", "timestamp", "security_hash")
