// Command confidant is the Confidant record vault: a web app for counselling
// services that keeps session notes age-encrypted at rest and puts the law on
// police requests for those notes (PCSC Act 2022 ss.44A–44F) into the
// provider's hands. Run "confidant -h" for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	// Times are shown in Europe/London on any server, zoneinfo or not.
	_ "time/tzdata"
)

// env carries what a subcommand may use from the outside world, so that tests
// can run subcommands in-process with their own streams and environment.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"init", "create a new vault in a data directory", runInit},
		{"serve", "serve the web app", runServe},
		{"user", "manage staff accounts (user add)", runUser},
		{"backup", "write an encrypted, consistent backup", runBackup},
		{"restore", "restore a backup into a new directory", runRestore},
		{"audit", "check the audit log (audit verify)", runAudit},
		{"keys", "rotate or recover the vault key, or change its passphrase (keys rotate, keys recover, keys passphrase)", runKeys},
		{"check-request", "check a police request record against the law", runCheckRequest},
		{"intake", "read a police request as received (.eml, PDF, .docx, text) into a request record", runIntake},
		{"redact", "suggest or apply redactions to a note", runRedact},
		{"doctor", "check a deployment: permissions, key, address and certificate, mail, backups, audit, disk", runDoctor},
	}
}

// errUsage marks an error in how the command was called; it exits 2.
var errUsage = errors.New("usage")

// exitError carries a specific exit code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns its error into one line on stderr
// and an exit code.
func run(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		}
		fmt.Fprintf(e.stderr, "confidant %s: %v\n", c.name, err)
		var ee *exitError
		if errors.As(err, &ee) {
			return ee.code
		}
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(e.stderr, "confidant: unknown command %q (run \"confidant -h\")\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: confidant <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run \"confidant <command> -h\" for a command's flags.")
}

// newFlagSet makes a flag set whose Usage prints the synopsis and flags
// to e.stderr. The flag package's own messages are discarded: a bad flag
// becomes one line from run, and the usage text is shown only for -h.
func newFlagSet(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: confidant %s\n\nFlags:\n", synopsis)
		fs.SetOutput(e.stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parseFlags parses args, mapping a flag error to errUsage (exit 2) and
// printing the usage only when -h was asked for.
func parseFlags(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}
