"""Security headers the production settings add to every response.

Public pages get a Content-Security-Policy without 'unsafe-inline': newsplugin's
templates carry no inline script or style (its one script is a static file, and
JSON-LD is a data block, which CSP does not run). The Wagtail admin still uses
inline scripts and style attributes, so it gets a policy that only forbids
framing, plugins and foreign form targets; it is behind a login and served with
the same nosniff, referrer and frame headers.

Django 6 has its own CSP middleware (``SECURE_CSP``); Django 5.2 does not, so
this small one serves both.
"""

from django.conf import settings

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
ADMIN_POLICY = "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = getattr(settings, "CONTENT_SECURITY_POLICY", PUBLIC_POLICY)
        self.admin_prefixes = tuple(getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_PATHS",
                                            ("/admin/", "/django-admin/")))

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(self.admin_prefixes)
            response["Content-Security-Policy"] = ADMIN_POLICY if admin else self.public_policy
        return response
