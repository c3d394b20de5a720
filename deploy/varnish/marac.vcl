# Varnish in front of the MARAC site's gunicorn nodes (Debian: apt-get install varnish).
#
# What it caches: anonymous GET and HEAD requests for public pages and static files, and only
# responses the site marks `Cache-Control: public` (with s-maxage) that set no cookie and do not
# vary on Cookie. What it never caches: anything from a browser carrying a session or the staff
# sign-in marker, the referral form (/refer/), the criteria self-check, search, the exit control,
# documents and the admin. Wagtail purges a page (and the pages that list it) on publish by
# sending PURGE for each URL (wagtail.contrib.frontend_cache's HTTPBackend, FRONT_CACHE_URL);
# a purge removes every stored variant of that path on that host (schemes, encodings, queries).
#
# Client addresses: Varnish appends the address it received the request from to
# X-Forwarded-For, so it is one of the site's trusted proxies: with Varnish alone in front of the
# nodes set TRUSTED_PROXY_COUNT=1, with a TLS proxy in front of Varnish (which appends too) 2.
# Otherwise the rate limit sees every referrer as the proxy (a warning is logged).
#
# Cookie names are Django's defaults: change `sessionid`/`marac_staff` below if you rename them.
vcl 4.1;

import directors;
import std;

# Who may purge: the app nodes. Add their addresses when they are not on this host.
acl purgers {
    "127.0.0.1";
    "::1";
}

# The app answers /healthz/ before anything else (no database, no host check).
probe health {
    .request = "GET /healthz/ HTTP/1.1"
               "Host: localhost"
               "Connection: close";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# BACKENDS START
# One backend per gunicorn node; `make stack` and the benchmarks rewrite this block.
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = health;
}
sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app1);
}
# BACKENDS END

sub vcl_recv {
    set req.backend_hint = apps.backend();
    # Pages are stored and purged by host without its port, lower-cased.
    set req.http.X-Cache-Host = std.tolower(regsub(req.http.Host, ":[0-9]+$", ""));

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-cache-host == " + req.http.X-Cache-Host +
            " && obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method == "POST") {
        # Kept so a POST can be retried on the other node when this one refuses the connection.
        std.cache_req_body(2MB);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.url ~ "^/(admin|refer|check-criteria|search|exit|documents|healthz)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|marac_staff)=") {
        return (pass);
    }
    # Public pages read no cookie (the site never looks at csrftoken there): one copy for all.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.X-Cache-Host);
    hash_data(req.url);
    # An https page must never be answered with the redirect sent to plain http.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_fetch {
    # No cookie reaches the app with a request that may be cached.
    if (!bereq.uncacheable) {
        unset bereq.http.Cookie;
    }
}

sub vcl_backend_response {
    set beresp.http.x-cache-host = bereq.http.X-Cache-Host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
            || beresp.http.Cache-Control !~ "(^|[ ,])public($|[ ,])"
            || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
            || beresp.http.Vary ~ "(?i)(cookie|\*)") {
        # Remember for a while not to queue requests for this URL behind each other.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # While a fresh copy is fetched, a stale one may be served for a few seconds.
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_backend_error {
    # A node that refuses the connection (restarting, stopped): try the next one once.
    if (bereq.retries < 1) {
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-cache-host;
    unset resp.http.x-path;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
