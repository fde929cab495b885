package main

// The deployment kit in deploy/: the systemd units pass systemd-analyze
// verify, keep their hardening, and the backup script keeps the newest N.

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const deployDir = "../../deploy"

// installedUnits copies the units into a temporary directory with the
// installed programs' paths pointing at the ones built for the test, as
// systemd-analyze verify checks that each ExecStart exists.
func installedUnits(t *testing.T) string {
	t.Helper()
	bin, _ := binaries(t)
	script, err := filepath.Abs(filepath.Join(deployDir, "confidant-backup"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	err = filepath.WalkDir(deployDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(deployDir, path)
		if !strings.HasPrefix(rel, "confidant.service") && !strings.HasSuffix(rel, ".service") && !strings.HasSuffix(rel, ".timer") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s := strings.ReplaceAll(string(b), "/usr/local/lib/confidant/confidant-backup", script)
		s = strings.ReplaceAll(s, "/usr/local/bin/confidant", bin)
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), []byte(s), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDeployUnitsPassSystemdAnalyzeVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("CONFIDANT_REQUIRE_BROWSER") == "1" {
			t.Fatal("CONFIDANT_REQUIRE_BROWSER=1 but systemd-analyze is missing (apt-get install systemd)")
		}
		t.Skip("no systemd-analyze")
	}
	dir := installedUnits(t)
	units := []string{"confidant.service", "confidant-backup.service", "confidant-backup.timer"}
	args := []string{"verify", "--man=no"}
	for _, u := range units {
		args = append(args, filepath.Join(dir, u))
	}
	out, err := exec.Command(analyze, args...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) != 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}

	// A unit that is wrong fails the check: the test can fail.
	bad := filepath.Join(t.TempDir(), "confidant.service")
	if err := os.WriteFile(bad, []byte("[Service]\nExecStart=/nonexistent/confidant serve\nProtectSystem=sideways\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", "--man=no", bad).CombinedOutput(); err == nil && len(out) == 0 {
		t.Fatal("systemd-analyze verify accepted a broken unit")
	}
}

// directives reads a unit's Key=Value lines (the last of each key wins, as
// in systemd, except that every value is kept in order).
func directives(t *testing.T, path string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "[") {
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		m[k] = append(m[k], v)
	}
	return m
}

func TestDeployUnitsAreHardened(t *testing.T) {
	for _, unit := range []string{"confidant.service", "confidant-backup.service"} {
		d := directives(t, filepath.Join(deployDir, unit))
		for k, want := range map[string]string{
			"User": "confidant", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
			"NoNewPrivileges": "yes", "StateDirectory": "confidant", "StateDirectoryMode": "0700",
			"CapabilityBoundingSet": "", "AmbientCapabilities": "",
		} {
			if got := d[k]; len(got) != 1 || got[0] != want {
				t.Errorf("%s: %s=%q, want %q", unit, k, got, want)
			}
		}
		if len(d["MemoryMax"]) != 1 || d["MemoryMax"][0] == "" {
			t.Errorf("%s: no MemoryMax", unit)
		}
	}
	// Binding 443 is the drop-in's business, and the one capability it
	// adds is the one to bind low ports.
	d := directives(t, filepath.Join(deployDir, "confidant.service.d", "direct-tls.conf"))
	if !slices.Equal(d["AmbientCapabilities"], []string{"CAP_NET_BIND_SERVICE"}) || !slices.Equal(d["CapabilityBoundingSet"], []string{"CAP_NET_BIND_SERVICE"}) {
		t.Errorf("direct-tls.conf capabilities: %q %q", d["AmbientCapabilities"], d["CapabilityBoundingSet"])
	}
	if starts := d["ExecStart"]; len(starts) != 2 || starts[0] != "" || !strings.Contains(starts[1], "--addr :443") {
		t.Errorf("direct-tls.conf must reset ExecStart and listen on :443: %q", starts)
	}
}

func TestBackupScriptKeepsTheNewestN(t *testing.T) {
	bin, _ := binaries(t)
	dir, _ := newCounsellorVault(t, true)
	backups := filepath.Join(t.TempDir(), "backups")
	var names [][]string
	for i := 0; i < 3; i++ {
		r := runProg(t, filepath.Join(deployDir, "confidant-backup"), "", []string{
			"CONFIDANT_DATA=" + dir, "BACKUP_DIR=" + backups, "KEEP=2", "CONFIDANT_BIN=" + bin,
		})
		mustSucceed(t, r, "confidant-backup")
		entries, err := os.ReadDir(backups)
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, e := range entries {
			n = append(n, e.Name())
		}
		names = append(names, n)
	}
	final := names[2]
	if len(final) != 2 || slices.Contains(final, names[0][0]) {
		t.Fatalf("after three runs with KEEP=2: %q (first backup %q)", final, names[0][0])
	}
	if !slices.Contains(final, names[1][0]) && !slices.Contains(final, names[1][1]) {
		t.Fatalf("the second backup went: %q", final)
	}
	fi, err := os.Stat(backups)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("backup directory mode %v (%v), want 0700", fi.Mode().Perm(), err)
	}
	r := runProg(t, filepath.Join(deployDir, "confidant-backup"), "", []string{"CONFIDANT_DATA=" + dir, "BACKUP_DIR=" + backups, "KEEP=0", "CONFIDANT_BIN=" + bin})
	if r.code != 2 {
		t.Errorf("KEEP=0 accepted: %s", r)
	}
}
