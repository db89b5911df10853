vcl 4.1;

# Varnish in front of the example site's gunicorn (make run-edge). It keeps what
# the site marks "Cache-Control: public, s-maxage" and nothing else, and forgets
# pages when newsplugin purges them (wagtail.contrib.frontend_cache's HTTPBackend
# sends PURGE). @BACKEND_PORT@ is replaced by the Makefile.

backend default {
    .host = "127.0.0.1";
    .port = "@BACKEND_PORT@";
    .connect_timeout = 2s;
    .first_byte_timeout = 35s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Every stored variant of the address: any host, any query string, any
        # language (Vary), as the page cache's version does.
        ban("obj.http.x-url ~ ^" + regsuball(req.url, "\?.*$", "") + "(\?|$)");
        return (synth(200, "Purged"));
    }
    # Writes, the admin, and readers with any cookie (a session shows their own
    # pending comments; the CSRF and language cookies change the page) go through.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|comments/token|comments/post)" || req.http.Cookie || req.http.Authorization) {
        return (pass);
    }
    # Languages: an address names its language (Indonesian unprefixed, English under
    # /en/), and the URL is in the hash, so they never share an object. Django still
    # sends "Vary: Accept-Language" on unprefixed pages: keep one variant per site
    # language instead of one per browser's header.
    if (req.http.Accept-Language ~ "^\s*en") {
        set req.http.Accept-Language = "en";
    } else {
        set req.http.Accept-Language = "id";
    }
}

sub vcl_backend_response {
    # For bans: the lurker can test stored objects without a request.
    set beresp.http.x-url = bereq.url;
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public" || beresp.http.Cache-Control ~ "private|no-store") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
}

sub vcl_backend_error {
    # An app server that went away mid-answer (a worker killed, a restart): try a
    # read once more, on the next server; a post is never sent twice.
    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}
