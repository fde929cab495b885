package mail

import (
	"context"
	"time"
)

// Probe dials the relay, secures the connection as cfg says (implicit TLS
// or STARTTLS, the certificate checked) and greets it, then says goodbye:
// a reachability check that needs no password and sends nothing
// (confidant doctor).
func Probe(ctx context.Context, cfg Config) error {
	cfg.Username, cfg.Password = "", ""
	c, err := connect(ctx, cfg, 10*time.Second)
	if err != nil {
		return err
	}
	_ = c.Quit()
	return nil
}
