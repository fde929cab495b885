package web

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// Public is how the world reaches this server. serve always sets URL (the
// --public-url, or http://ADDR for local use); a Server without one (tests
// driving it through httptest) builds links from the request instead.
type Public struct {
	// URL is the one address every link is built from: a scheme and a
	// host, no path. Requests for another host are redirected to it, and
	// when it is https, so are plain-HTTP requests; cookies are then
	// Secure with the __Host- prefix, and HSTS is sent.
	URL *url.URL
	// TrustedProxies are the peers whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (proxy.go).
	TrustedProxies []netip.Prefix
}

// ParsePublicURL reads a --public-url: http or https, a host, an optional
// port, and nothing else (no path, query, fragment or user).
func ParsePublicURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, errors.New("not a URL")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("it must start with https:// (or http:// for local use)")
	case u.Host == "" || u.Hostname() == "":
		return nil, errors.New("it has no host name")
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || u.Opaque != "":
		return nil, errors.New("give only the scheme and host, like https://records.example.org")
	case u.Path != "" && u.Path != "/":
		return nil, errors.New("give only the scheme and host, like https://records.example.org: Confidant must be served at the root of its address")
	}
	if p := u.Port(); p != "" {
		if _, err := net.LookupPort("tcp", p); err != nil || strings.HasPrefix(p, "0") {
			return nil, errors.New("its port is not a number from 1 to 65535")
		}
	}
	return &url.URL{Scheme: u.Scheme, Host: canonicalHost(u.Scheme, u.Host)}, nil
}

// canonicalHost lower-cases host and drops the scheme's default port, so
// that "Example.org:443" and "example.org" compare equal over https.
func canonicalHost(scheme, host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if h, port, err := net.SplitHostPort(host); err == nil {
		if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
			if strings.Contains(h, ":") {
				return "[" + h + "]"
			}
			return h
		}
	}
	return host
}

// baseURL is the address links in pages and emails are built from.
func (s *Server) baseURL(r *http.Request) string {
	if s.Public.URL != nil {
		return s.Public.URL.String()
	}
	if s.App != nil && s.App.BaseURL() != "" {
		return s.App.BaseURL()
	}
	scheme := "http"
	if viaHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + strings.TrimSpace(r.Host)
}

// secure reports whether this server is reached over HTTPS: then cookies are
// Secure and HSTS is sent. It follows the configured public address, never
// the request, so a request that happens to arrive one way or another does
// not change what the browser is told.
func (s *Server) secure(r *http.Request) bool {
	if s.Public.URL != nil {
		return s.Public.URL.Scheme == "https"
	}
	return viaHTTPS(r)
}

// front is the outermost layer: it settles who the client is (proxy.go),
// then sends a request for another host, or over plain HTTP when the public
// address is https, to the public address. /healthz is answered on any
// address so that a monitor on the machine itself can ask it.
func (s *Server) front(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = s.withPeer(r)
		u := s.Public.URL
		if u != nil && r.URL.Path != "/healthz" {
			if (u.Scheme == "https" && !viaHTTPS(r)) || canonicalHost(u.Scheme, r.Host) != u.Host {
				// 308 keeps the method; the path is kept, the host never.
				http.Redirect(w, r, u.Scheme+"://"+u.Host+r.URL.RequestURI(), http.StatusPermanentRedirect)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// RedirectHandler answers every request with a redirect to the same path at
// the public address (the plain-HTTP listener beside a TLS one).
func RedirectHandler(public *url.URL) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, public.Scheme+"://"+public.Host+r.URL.RequestURI(), http.StatusPermanentRedirect)
	})
}

// cookieName is the name a cookie goes by here: with the __Host- prefix
// when the public address is https, which browsers honour only for a
// Secure cookie with Path=/ and no Domain, set over HTTPS, so neither a
// plain-HTTP page nor a sibling domain can plant or overwrite it.
func (s *Server) cookieName(r *http.Request, name string) string {
	if s.secure(r) {
		return "__Host-" + name
	}
	return name
}

// readCookie reads the cookie set by putCookie under name.
func (s *Server) readCookie(r *http.Request, name string) (*http.Cookie, error) {
	return r.Cookie(s.cookieName(r, name))
}

// putCookie sets c, HttpOnly always; over https Secure, with the __Host-
// prefix and so Path=/ (the portal's cookies then reach the whole site,
// where the staff area ignores them, as it never reads their names).
func (s *Server) putCookie(w http.ResponseWriter, r *http.Request, c *http.Cookie) {
	c.HttpOnly = true
	if s.secure(r) {
		c.Name, c.Secure, c.Path, c.Domain = "__Host-"+c.Name, true, "/", ""
	}
	http.SetCookie(w, c)
}
