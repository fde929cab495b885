package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// readSecret reads one line: from the terminal without echo when stdin is
// one, else the first line of stdin. Passwords never come from flags.
func readSecret(e env, prompt string, confirm bool) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, prompt+": ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", prompt, err)
		}
		if confirm {
			fmt.Fprint(e.stderr, "Again, to confirm: ")
			b2, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(e.stderr)
			if err != nil {
				return "", err
			}
			if string(b) != string(b2) {
				return "", errors.New("the two entries differ")
			}
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read %s from stdin: %w", strings.ToLower(prompt), err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no %s on stdin", strings.ToLower(prompt))
	}
	return line, nil
}

// readPassphraseFile reads a passphrase from a file: its first line.
func readPassphraseFile(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("passphrase file: %w", errors.Unwrap(err))
	}
	if fi.Size() > 4096 {
		return "", errors.New("passphrase file is larger than 4 KiB; it should hold one line")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("passphrase file: %w", err)
	}
	p := strings.TrimRight(strings.SplitN(string(b), "\n", 2)[0], "\r")
	if p == "" {
		return "", errors.New("passphrase file is empty")
	}
	return p, nil
}

// dataDir takes --data, else CONFIDANT_DATA.
func dataDir(e env, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := e.getenv("CONFIDANT_DATA"); v != "" {
		return v, nil
	}
	return "", fmt.Errorf("%w: give the data directory with --data DIR or CONFIDANT_DATA", errUsage)
}

// vaultPassphrase finds the passphrase for a sealed vault key: the file
// named by the flag or CONFIDANT_PASSPHRASE_FILE, else a terminal prompt.
func vaultPassphrase(e env, flagValue string) (string, error) {
	path := flagValue
	if path == "" {
		path = e.getenv("CONFIDANT_PASSPHRASE_FILE")
	}
	if path != "" {
		return readPassphraseFile(path)
	}
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return readSecret(e, "Vault passphrase", false)
	}
	return "", nil
}
