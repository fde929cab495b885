package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"syscall"

	"confidant/internal/app"
	"confidant/internal/app/keys"
	"confidant/internal/vault"
	"confidant/internal/web"
)

const serveSynopsis = `serve --data DIR [--addr HOST:PORT] [--passphrase-file FILE]
         [--public-url https://HOST] [--tls-cert FILE --tls-key FILE | --acme-domain HOST --acme-email E]
         [--trusted-proxy CIDR ...] [--redirect-addr HOST:PORT] [--insecure-http]

On the public internet, give --public-url and one way to TLS: --tls-cert and
--tls-key, --acme-domain (Let's Encrypt, certificates kept in DIR/acme), or a
TLS proxy in front named by --trusted-proxy. docs/operations.md has the steps.`

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "serve", serveSynopsis)
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	passFile := fs.String("passphrase-file", "", "file holding the vault passphrase (or CONFIDANT_PASSPHRASE_FILE)")
	var o serveNet
	fs.StringVar(&o.publicURL, "public-url", "", "the address every link is built from, like https://records.example.org (or CONFIDANT_PUBLIC_URL); default http://ADDR")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "serve TLS with this certificate file (PEM, full chain); reloaded when it changes")
	fs.StringVar(&o.tlsKey, "tls-key", "", "the private key file for --tls-cert (PEM)")
	fs.StringVar(&o.acmeDomain, "acme-domain", "", "get certificates for this host name by ACME (Let's Encrypt); needs ports 443 and 80")
	fs.StringVar(&o.acmeEmail, "acme-email", "", "contact address given to the ACME authority with --acme-domain")
	fs.StringVar(&o.redirectAddr, "redirect-addr", "", "also listen here for plain HTTP, redirecting to the public URL (default :80 with --acme-domain, which answers its challenges there)")
	fs.Var(&o.proxies, "trusted-proxy", "believe X-Forwarded-For and X-Forwarded-Proto from this CIDR or address (repeatable)")
	fs.BoolVar(&o.insecureHTTP, "insecure-http", false, "allow plain HTTP on a non-loopback address without a trusted proxy (not for real records)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if o.publicURL == "" {
		o.publicURL = e.getenv("CONFIDANT_PUBLIC_URL")
	}
	if err := o.check(); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	pass, unlock, err := lockVault(e, dir, *passFile, "")
	if err != nil {
		return err
	}
	defer unlock()
	a, err := app.Open(ctx, dir, pass)
	if err != nil {
		return err
	}
	defer a.Close()
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := web.New(a, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, errors.Unwrap(err))
	}
	defer ln.Close()
	ln, redirect, err := o.setUp(srv, ln, dir, log)
	if err != nil {
		return err
	}
	if redirect != nil {
		defer redirect.Close()
	}
	scheme := "http"
	if o.tls() {
		scheme = "https"
	}
	listening := scheme + "://" + ln.Addr().String()
	fmt.Fprintf(e.stdout, "Confidant is serving on %s (Ctrl-C to stop)\n", listening)
	if public := srv.Public.URL.String(); public != listening {
		fmt.Fprintf(e.stdout, "Links and redirects use the public address %s\n", public)
	}
	log.Info("serving", "addr", ln.Addr().String(), "public_url", srv.Public.URL.String())
	// Links the app builds without a request in hand (notifications) use
	// the same public address.
	a.SetBaseURL(srv.Public.URL.String())
	// The outbox worker sends queued email in the background; stopping it
	// (deferred after the database's Close, so run before it) lets the
	// message in hand finish.
	outbox := a.Delivery.NewOutbox(log)
	a.SetMailer(outbox)
	stopOutbox := outbox.Start(ctx)
	defer stopOutbox()
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// lockDir takes an exclusive lock on DIR/serve.lock for as long as the
// server runs, so that key rotation can refuse to run beneath it.
func lockDir(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, "serve.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, errors.New("another confidant process is using this data directory (serve or a key operation); stop it first")
	}
	return func() { f.Close() }, nil
}

// lockVault checks dir holds a vault, takes its lock (busy is the message
// when another process holds it; "" keeps lockDir's), and reads the vault
// passphrase when the key is sealed.
func lockVault(e env, dir, passFile, busy string) (pass string, unlock func(), err error) {
	if !keys.HasVault(dir) {
		return "", nil, keys.ErrNoVault
	}
	unlock, err = lockDir(dir)
	if err != nil {
		if busy != "" {
			err = errors.New(busy)
		}
		return "", nil, err
	}
	if sealed, serr := vault.SealedKeyFile(dir); serr == nil && sealed {
		if pass, err = vaultPassphrase(e, passFile); err != nil {
			unlock()
			return "", nil, err
		}
	}
	return pass, unlock, nil
}
