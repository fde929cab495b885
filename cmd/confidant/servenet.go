package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"confidant/internal/web"

	"golang.org/x/crypto/acme/autocert"
)

// serveNet is how serve meets the network: its public address, TLS (a
// certificate file, ACME, or a trusted proxy in front) and the plain-HTTP
// redirect listener.
type serveNet struct {
	publicURL, tlsCert, tlsKey, acmeDomain, acmeEmail, redirectAddr string
	proxies                                                         proxyList
	insecureHTTP                                                    bool

	public *url.URL // publicURL parsed, once check has run
}

// proxyList is the repeatable --trusted-proxy flag.
type proxyList []netip.Prefix

func (p *proxyList) String() string {
	var s []string
	for _, x := range *p {
		s = append(s, x.String())
	}
	return strings.Join(s, ",")
}

func (p *proxyList) Set(v string) error {
	x, err := web.ParseTrustedProxy(v)
	if err != nil {
		return fmt.Errorf("not an address or CIDR prefix: %q", v)
	}
	*p = append(*p, x)
	return nil
}

func (o *serveNet) tls() bool { return o.tlsCert != "" || o.acmeDomain != "" }

// check refuses contradictory flags before anything is opened.
func (o *serveNet) check() error {
	if o.publicURL != "" {
		u, err := web.ParsePublicURL(o.publicURL)
		if err != nil {
			return fmt.Errorf("%w: --public-url %q: %v", errUsage, o.publicURL, err)
		}
		o.public = u
	}
	switch {
	case (o.tlsCert == "") != (o.tlsKey == ""):
		return fmt.Errorf("%w: give both --tls-cert and --tls-key", errUsage)
	case o.tlsCert != "" && o.acmeDomain != "":
		return fmt.Errorf("%w: give either --tls-cert/--tls-key or --acme-domain, not both", errUsage)
	case o.acmeDomain != "" && o.acmeEmail == "":
		return fmt.Errorf("%w: --acme-domain needs --acme-email, the address the certificate authority writes to about expiry", errUsage)
	case o.acmeEmail != "" && o.acmeDomain == "":
		return fmt.Errorf("%w: --acme-email goes with --acme-domain", errUsage)
	case o.redirectAddr != "" && !o.tls():
		return fmt.Errorf("%w: --redirect-addr redirects plain HTTP to serve's own TLS: it needs --tls-cert or --acme-domain", errUsage)
	}
	if o.acmeDomain != "" {
		u, err := web.ParsePublicURL("https://" + o.acmeDomain)
		if err != nil || u.Port() != "" || net.ParseIP(u.Hostname()) != nil {
			return fmt.Errorf("%w: --acme-domain %q: give a host name, like records.example.org", errUsage, o.acmeDomain)
		}
		if o.public == nil {
			o.public = u
		} else if o.public.String() != u.String() {
			return fmt.Errorf("%w: --public-url %s and --acme-domain %s disagree: the certificate is for the public address", errUsage, o.public, o.acmeDomain)
		}
	}
	if o.public != nil && o.public.Scheme == "http" && o.tls() {
		return fmt.Errorf("%w: --public-url is http:// but serve speaks TLS: make it https://", errUsage)
	}
	return nil
}

// setUp settles the public address from the listener, refuses plain HTTP
// where it would cross a network, and puts TLS on ln. It returns the
// listener to serve and the redirect server, if one was started.
func (o *serveNet) setUp(srv *web.Server, ln net.Listener, dir string, log *slog.Logger) (net.Listener, *http.Server, error) {
	loopback := false
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		loopback = a.IP.IsLoopback()
	}
	public := o.public
	if public == nil {
		if !loopback {
			return nil, nil, errors.New("listening on a non-loopback address needs --public-url https://HOST: every link in an email is built from it")
		}
		scheme := "http"
		if o.tls() {
			scheme = "https"
		}
		public = &url.URL{Scheme: scheme, Host: ln.Addr().String()}
	}
	if !o.tls() {
		switch {
		case public.Scheme == "https" && len(o.proxies) == 0:
			return nil, nil, fmt.Errorf("--public-url is %s but serve speaks plain HTTP: give --tls-cert and --tls-key, --acme-domain, or the --trusted-proxy that terminates TLS in front of it", public)
		case !loopback && len(o.proxies) == 0 && !o.insecureHTTP:
			return nil, nil, fmt.Errorf("refusing plain HTTP on %s, a non-loopback address: passwords and notes would cross the network readable by anyone on the way. Give --tls-cert/--tls-key, --acme-domain or --trusted-proxy (or --insecure-http for a closed test network)", ln.Addr())
		case !loopback && len(o.proxies) == 0:
			log.Warn("serving plain HTTP on a non-loopback address (--insecure-http): passwords and notes cross the network unencrypted; never use this for real records", "addr", ln.Addr().String())
		}
	}
	srv.Public = web.Public{URL: public, TrustedProxies: o.proxies}
	if !o.tls() {
		return ln, nil, nil
	}

	conf := &tls.Config{MinVersion: tls.VersionTLS12, NextProtos: []string{"h2", "http/1.1"}}
	var redirect http.Handler = web.RedirectHandler(public)
	redirectAddr := o.redirectAddr
	if o.tlsCert != "" {
		cf, err := web.LoadCertFile(o.tlsCert, o.tlsKey, log)
		if err != nil {
			return nil, nil, err
		}
		conf.GetCertificate = cf.GetCertificate
	} else {
		cache := filepath.Join(dir, "acme")
		if err := os.MkdirAll(cache, 0o700); err != nil {
			return nil, nil, fmt.Errorf("ACME certificate cache: %w", err)
		}
		if err := os.Chmod(cache, 0o700); err != nil {
			return nil, nil, fmt.Errorf("ACME certificate cache: %w", err)
		}
		m := &autocert.Manager{
			Prompt:     autocert.AcceptTOS,
			Cache:      autocert.DirCache(cache),
			HostPolicy: autocert.HostWhitelist(public.Hostname()),
			Email:      o.acmeEmail,
		}
		conf = m.TLSConfig()
		conf.MinVersion = tls.VersionTLS12
		// The HTTP-01 challenge is answered on the redirect listener.
		redirect = m.HTTPHandler(redirect)
		if redirectAddr == "" {
			redirectAddr = ":80"
		}
	}
	ln = tls.NewListener(ln, conf)
	if redirectAddr == "" || redirectAddr == "none" {
		return ln, nil, nil
	}
	rln, err := net.Listen("tcp", redirectAddr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen for the HTTP redirect on %s (--redirect-addr; \"none\" turns it off): %w", redirectAddr, errors.Unwrap(err))
	}
	hs := &http.Server{
		Handler:           redirect,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() { _ = hs.Serve(rln) }()
	log.Info("redirecting plain HTTP", "addr", rln.Addr().String(), "to", public.String())
	return ln, hs, nil
}
