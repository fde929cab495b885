package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const publicHost = "records.example.org"

// tlsProxy stands in for a TLS-terminating proxy on 127.0.0.1: the client
// asks for https://records.example.org/..., and the request reaches the
// test server over plain HTTP with the Host kept and X-Forwarded-Proto and
// X-Forwarded-For set, as nginx or Caddy would send it. The cookie jar sees
// https URLs, so it keeps and returns Secure cookies as a browser would.
type tlsProxy struct {
	addr   string // the test server's listener
	client string // X-Forwarded-For
}

func (p tlsProxy) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.Host = req.URL.Host
	out.URL.Scheme, out.URL.Host = "http", p.addr
	out.Header.Set("X-Forwarded-Proto", req.URL.Scheme)
	out.Header.Set("X-Forwarded-For", p.client)
	return http.DefaultTransport.RoundTrip(out)
}

// newProxiedEnv is a test vault whose public address is
// https://records.example.org, behind a trusted proxy on 127.0.0.1.
func newProxiedEnv(t *testing.T) (*testEnv, string) {
	t.Helper()
	e := newTestEnv(t)
	u, err := ParsePublicURL("https://" + publicHost)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Public = Public{URL: u, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	real := e.ts.Listener.Addr().String()
	e.ts.URL = "https://" + publicHost // what the browser helpers put in front of every path
	return e, real
}

func (e *testEnv) proxiedBrowser(real string) *browser {
	b := e.browser()
	b.c.Transport = tlsProxy{addr: real, client: "198.51.100.7"}
	return b
}

func setCookies(resp *http.Response) map[string]string {
	m := map[string]string{}
	for _, c := range resp.Header.Values("Set-Cookie") {
		name, _, _ := strings.Cut(c, "=")
		m[name] = c
	}
	return m
}

func TestHTTPSPublicURLMakesEveryCookieSecureHostPrefixedAndSendsHSTS(t *testing.T) {
	e, real := newProxiedEnv(t)
	c := &http.Client{Transport: tlsProxy{addr: real, client: "198.51.100.7"}}
	resp, err := c.Get("https://" + publicHost + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /login through the proxy: %d", resp.StatusCode)
	}
	if h := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(h, "max-age=") {
		t.Errorf("no HSTS over an https public address: %q", h)
	}
	checkSecure := func(what string, cookies map[string]string, names ...string) {
		t.Helper()
		for _, n := range names {
			c, ok := cookies["__Host-"+n]
			if !ok {
				t.Errorf("%s: no __Host-%s cookie among %v", what, n, cookies)
				continue
			}
			for _, attr := range []string{"Secure", "HttpOnly", "Path=/;"} {
				if !strings.Contains(c+";", attr) {
					t.Errorf("%s: cookie %q lacks %s", what, c, attr)
				}
			}
			if strings.Contains(c, "Domain=") {
				t.Errorf("%s: __Host- cookie with a Domain: %q", what, c)
			}
		}
		for name := range cookies {
			if !strings.HasPrefix(name, "__Host-") {
				t.Errorf("%s: cookie %q without the __Host- prefix", what, name)
			}
		}
	}
	checkSecure("sign-in page", setCookies(resp), preSessionCookie)

	// A real sign-in through the proxy: the jar keeps the Secure cookies
	// and the session works.
	b := e.proxiedBrowser(real)
	b.get("/login")
	resp = b.postResp("/login", url.Values{"email": {"counsellor@example.org"}, "password": {testPassword}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in through the proxy: %d", resp.StatusCode)
	}
	checkSecure("sign-in", setCookies(resp), sessionCookie)
	if !strings.Contains(sessionCookie, "session") {
		t.Errorf("session cookie name %q", sessionCookie)
	}
	if code, page := b.get("/clients"); code != http.StatusOK || !strings.Contains(page, "Sign out") {
		t.Fatalf("signed-in page through the proxy: %d", code)
	}

	// The portal's cookies too.
	resp, err = c.Get("https://" + publicHost + "/portal/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	checkSecure("portal sign-in page", setCookies(resp), portalPreCookie)
}

func TestLinksInPagesAndEmailsUseThePublicURLNotTheHost(t *testing.T) {
	e, real := newProxiedEnv(t)
	mail := startMail(t, e)

	// Staff invitation link, shown to the admin.
	admin := e.proxiedBrowser(real)
	admin.signIn("admin@example.org")
	admin.get("/admin/users")
	_, _, page := admin.post("/admin/users", url.Values{"email": {"new.person@example.org"}, "name": {"New Person"}, "roles": {"counsellor"}})
	if link := regexp.MustCompile(`value="(https?://[^"/]+)/set-password\?token=`).FindStringSubmatch(page); link == nil || link[1] != "https://"+publicHost {
		t.Errorf("staff invitation link is not on the public address: %q", link)
	}

	// Portal invitation, emailed.
	counsellor := e.proxiedBrowser(real)
	counsellor.signIn("counsellor@example.org")
	client := counsellor.addClient("Robin Example")
	counsellor.get(client + "/portal-invite")
	if code, _, body := counsellor.post(client+"/portal-invite", url.Values{"email": {"robin.client@example.org"}}); code != http.StatusSeeOther {
		t.Fatalf("invite: %d %s", code, body)
	}
	_, _, body := mail.next(t)
	m := regexp.MustCompile(`https?://[^\s/]+/portal/invite/[A-Za-z0-9_-]+`).FindString(body)
	if !strings.HasPrefix(m, "https://"+publicHost+"/portal/invite/") {
		t.Fatalf("emailed invitation link %q is not on the public address; body:\n%s", m, body)
	}
	// The link works through the proxy, and the portal session cookie is
	// a __Host- one.
	robin := e.proxiedBrowser(real)
	path := strings.TrimPrefix(m, "https://"+publicHost)
	robin.get(path)
	resp := robin.postResp(path, url.Values{"password": {"willow harbour lantern"}, "confirm": {"willow harbour lantern"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept invitation: %d", resp.StatusCode)
	}
	robin.get("/portal/login")
	resp = robin.postResp("/portal/login", url.Values{"email": {"robin.client@example.org"}, "password": {"willow harbour lantern"}})
	resp.Body.Close()
	if c := setCookies(resp)["__Host-"+portalCookie]; resp.StatusCode != http.StatusSeeOther || !strings.Contains(c, "Secure") {
		t.Fatalf("portal sign-in: %d, cookie %q", resp.StatusCode, c)
	}
	if code, _ := robin.get("/portal/"); code != http.StatusOK {
		t.Fatalf("portal home through the proxy: %d", code)
	}
}

func TestRequestsForAnotherHostOrOverPlainHTTPAreRedirectedToThePublicURL(t *testing.T) {
	e, real := newProxiedEnv(t)
	noFollow := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(host, proto, path string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", "http://"+real+path, nil)
		req.Host = host
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
		}
		resp, err := (&http.Client{CheckRedirect: noFollow}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	for _, tc := range []struct {
		name, host, proto, path string
		want                    int
		location                string
	}{
		{"another host", "evil.example.net", "https", "/login?next=1", http.StatusPermanentRedirect, "https://" + publicHost + "/login?next=1"},
		{"the listener's own address", real, "https", "/clients", http.StatusPermanentRedirect, "https://" + publicHost + "/clients"},
		{"plain HTTP through the proxy", publicHost, "http", "/login", http.StatusPermanentRedirect, "https://" + publicHost + "/login"},
		{"no X-Forwarded-Proto means plain HTTP", publicHost, "", "/login", http.StatusPermanentRedirect, "https://" + publicHost + "/login"},
		{"the public host over https", publicHost, "https", "/login", http.StatusOK, ""},
		{"the public host with its default port", publicHost + ":443", "https", "/login", http.StatusOK, ""},
		{"the public host in capitals", "RECORDS.example.org", "https", "/login", http.StatusOK, ""},
		{"health check on any address", real, "", "/healthz", http.StatusOK, ""},
	} {
		resp := get(tc.host, tc.proto, tc.path)
		if resp.StatusCode != tc.want || resp.Header.Get("Location") != tc.location {
			t.Errorf("%s: %d %q, want %d %q", tc.name, resp.StatusCode, resp.Header.Get("Location"), tc.want, tc.location)
		}
	}

	// Without a trusted proxy, X-Forwarded-Proto is not believed.
	e.srv.Public.TrustedProxies = nil
	if resp := get(publicHost, "https", "/login"); resp.StatusCode != http.StatusPermanentRedirect {
		t.Errorf("X-Forwarded-Proto from an untrusted peer was believed: %d", resp.StatusCode)
	}
}

// TestClientAddressFromTrustedProxyOnly drives the real front layer over
// real HTTP and reads what clientAddr gives the handlers and throttles.
func TestClientAddressFromTrustedProxyOnly(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted []string
		xff     []string
		want    string
	}{
		{"no proxy, no header", nil, nil, "127.0.0.1"},
		{"spoofed header from an untrusted peer", nil, []string{"203.0.113.9"}, "127.0.0.1"},
		{"trusted proxy", []string{"127.0.0.1/32"}, []string{"203.0.113.9"}, "203.0.113.9"},
		{"trusted proxy, client-written hops ignored", []string{"127.0.0.1/32"}, []string{"10.9.9.9, 203.0.113.9"}, "203.0.113.9"},
		{"chain of trusted proxies", []string{"127.0.0.0/8", "192.0.2.0/24"}, []string{"203.0.113.9, 192.0.2.4"}, "203.0.113.9"},
		{"several header lines", []string{"127.0.0.1"}, []string{"10.1.1.1", "203.0.113.9"}, "203.0.113.9"},
		{"garbage from a trusted proxy", []string{"127.0.0.1/32"}, []string{"not-an-address"}, "127.0.0.1"},
		{"trusted proxy, no header", []string{"127.0.0.1/32"}, nil, "127.0.0.1"},
		{"IPv6 client", []string{"127.0.0.1/32"}, []string{"2001:db8::7"}, "2001:db8::7"},
	} {
		var prefixes []netip.Prefix
		for _, p := range tc.trusted {
			pp, err := ParseTrustedProxy(p)
			if err != nil {
				t.Fatal(err)
			}
			prefixes = append(prefixes, pp)
		}
		s := &Server{Public: Public{TrustedProxies: prefixes}}
		ts := httptest.NewServer(s.front(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, clientAddr(r))
		})))
		req, _ := http.NewRequest("GET", ts.URL, nil)
		for _, v := range tc.xff {
			req.Header.Add("X-Forwarded-For", v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		ts.Close()
		if string(got) != tc.want {
			t.Errorf("%s: client address %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParsePublicURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://records.example.org", "https://records.example.org"},
		{"https://Records.Example.org:443/", "https://records.example.org"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"https://[2001:db8::1]:443", "https://[2001:db8::1]"},
		{"https://records.example.org:8443", "https://records.example.org:8443"},
		{"ftp://records.example.org", ""},
		{"records.example.org", ""},
		{"https://records.example.org/confidant", ""},
		{"https://user@records.example.org", ""},
		{"https://records.example.org/?a=b", ""},
		{"https://records.example.org:0", ""},
		{"https://records.example.org:99999", ""},
		{"https://", ""},
	} {
		u, err := ParsePublicURL(tc.in)
		got := ""
		if err == nil {
			got = u.String()
		}
		if got != tc.want {
			t.Errorf("ParsePublicURL(%q) = %q (%v), want %q", tc.in, got, err, tc.want)
		}
	}
}

func FuzzForwardedFor(f *testing.F) {
	f.Add("203.0.113.9, 127.0.0.1")
	f.Add("::ffff:127.0.0.1,2001:db8::1")
	f.Add(" , ,")
	f.Add("fe80::1%eth0")
	proxies := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	f.Fuzz(func(t *testing.T, h string) {
		got, ok := forwardedFor([]string{h}, proxies)
		if !ok {
			return
		}
		// The answer is one of the header's own hops, written canonically.
		var hops []string
		for _, hop := range strings.Split(h, ",") {
			if ip, err := netip.ParseAddr(strings.TrimSpace(hop)); err == nil {
				hops = append(hops, ip.Unmap().String())
			}
		}
		if !slices.Contains(hops, got) {
			t.Fatalf("forwardedFor(%q) = %q, not one of its hops %q", h, got, hops)
		}
	})
}

func FuzzParsePublicURL(f *testing.F) {
	f.Add("https://records.example.org")
	f.Add("http://127.0.0.1:8080/")
	f.Add("https://[::1]:443")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParsePublicURL(s)
		if err != nil {
			return
		}
		again, err := ParsePublicURL(u.String())
		if err != nil || again.String() != u.String() {
			t.Fatalf("ParsePublicURL(%q) = %q, which does not parse back to itself (%v)", s, u, err)
		}
		if u.Path != "" || u.RawQuery != "" || u.User != nil {
			t.Fatalf("ParsePublicURL(%q) kept more than scheme and host: %q", s, u)
		}
	})
}
