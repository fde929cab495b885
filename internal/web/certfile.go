package web

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"os"
	"sync"
)

// CertFile serves the certificate and key named by --tls-cert and --tls-key,
// reloading them when either file changes, so that a renewed certificate
// (certbot, an internal CA) is taken up without a restart. A pair that
// does not load (the certificate renewed, the key not yet) keeps the old
// one in service until the files agree again.
type CertFile struct {
	certPath, keyPath string
	log               *slog.Logger

	mu     sync.Mutex
	cert   *tls.Certificate
	stamp  string // what the files looked like when cert was loaded
	failed string // the stamp last found not to load, logged once
}

// LoadCertFile loads the pair once, so that a wrong path or a key that does
// not match fails at start.
func LoadCertFile(certPath, keyPath string, log *slog.Logger) (*CertFile, error) {
	c := &CertFile{certPath: certPath, keyPath: keyPath, log: log}
	stamp, err := c.fileStamp()
	if err != nil {
		return nil, err
	}
	cert, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err != nil {
		return nil, fmt.Errorf("load the TLS certificate and key: %w", err)
	}
	c.cert, c.stamp = &cert, stamp
	return c, nil
}

func (c *CertFile) fileStamp() (string, error) {
	stamp := ""
	for _, p := range []string{c.certPath, c.keyPath} {
		fi, err := os.Stat(p)
		if err != nil {
			return "", fmt.Errorf("TLS file: %w", err)
		}
		stamp += fmt.Sprintf("%d.%d;", fi.ModTime().UnixNano(), fi.Size())
	}
	return stamp, nil
}

// GetCertificate is for tls.Config: two stat calls per handshake, a reload
// only when a file changed.
func (c *CertFile) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	stamp, err := c.fileStamp()
	if err != nil || stamp == c.stamp || stamp == c.failed {
		return c.cert, nil
	}
	cert, err := tls.LoadX509KeyPair(c.certPath, c.keyPath)
	if err != nil {
		c.failed = stamp
		c.log.Warn("the TLS certificate files changed but do not load; still serving the previous certificate", "err", err)
		return c.cert, nil
	}
	c.cert, c.stamp = &cert, stamp
	c.log.Info("reloaded the TLS certificate")
	return c.cert, nil
}
