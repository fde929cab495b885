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
	"confidant/internal/vault"
	"confidant/internal/web"
)

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "serve", "serve --data DIR [--addr HOST:PORT] [--passphrase-file FILE]")
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	passFile := fs.String("passphrase-file", "", "file holding the vault passphrase (or CONFIDANT_PASSPHRASE_FILE)")
	if err := parseFlags(fs, args); err != nil {
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
	defer a.DB.Close()
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := web.New(a, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, errors.Unwrap(err))
	}
	if a.BaseURL == "" {
		a.BaseURL = "http://" + ln.Addr().String()
	}
	fmt.Fprintf(e.stdout, "Confidant is serving on http://%s (Ctrl-C to stop)\n", ln.Addr())
	log.Info("serving", "addr", ln.Addr().String())
	// The outbox worker sends queued email in the background; stopping it
	// (deferred after the database's Close, so run before it) lets the
	// message in hand finish.
	outbox := app.NewOutbox(a, log)
	a.Mail = outbox
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
	if !app.HasVault(dir) {
		return "", nil, app.ErrNoVault
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
