package emails

import (
	"strings"
	"testing"
	"time"

	"confidant/internal/access"
)

// clientEmails are every email a client can receive, as this package
// writes them.
func clientEmails() map[string]Message {
	return map[string]Message{
		"new message":     ClientNewMessage(),
		"invitation":      ClientInvitation("https://vault.example.org/portal/invite/T0KEN", 72*time.Hour),
		"password reset":  ClientPasswordReset("https://vault.example.org/portal/invite/T0KEN", 72*time.Hour),
		"address changed": ClientAddressChanged(),
	}
}

// TestAClientsEmailNamesNothing: whoever sees a client's inbox (or her
// screen's notification) reads one neutral subject, and no email to her
// speaks of counselling, the police, a request or a disclosure.
func TestAClientsEmailNamesNothing(t *testing.T) {
	for name, m := range clientEmails() {
		if m.Subject != ClientSubject {
			t.Errorf("%s: subject %q, want the neutral one", name, m.Subject)
		}
		low := strings.ToLower(m.Subject + " " + m.Text)
		for _, w := range []string{"counsel", "police", "request", "disclos", "rape", "assault", "notes", "confidant", "court"} {
			if strings.Contains(low, w) {
				t.Errorf("%s: says %q:\n%s", name, w, m.Text)
			}
		}
	}
}

// TestALinksLifetimeIsWorded: the invitation says how long its link works,
// from the lifetime it is given, not a number written into the text.
func TestALinksLifetimeIsWorded(t *testing.T) {
	for d, want := range map[time.Duration]string{72 * time.Hour: "after 3 days", 24 * time.Hour: "after 1 day", 12 * time.Hour: "after 12 hours"} {
		if got := ClientInvitation("L", d).Text; !strings.Contains(got, want) {
			t.Errorf("%v: %q lacks %q", d, got, want)
		}
	}
}

// TestEveryStaffNoticeHasWordsAndNamesAPageNotAPerson: each notice to staff
// has the one subject, its own words and the link; a purpose with no words
// is refused rather than sent empty.
func TestEveryStaffNoticeHasWordsAndNamesAPageNotAPerson(t *testing.T) {
	for purpose, w := range staffNotices {
		m, ok := StaffNotice(purpose, "https://confidant.example.org/requests/ID", "Example Counselling")
		if !ok || m.Subject != StaffSubject || !strings.Contains(m.Text, w) || !strings.Contains(m.Text, "https://confidant.example.org/requests/ID") {
			t.Errorf("%s: %+v", purpose, m)
		}
	}
	if _, ok := StaffNotice("no.such.purpose", "L", "P"); ok {
		t.Error("a purpose with no words is sent")
	}
}

// TestTheRoleEmailWordsTheRole: an administrator reads the role's name,
// not its code, and whether it waits for them.
func TestTheRoleEmailWordsTheRole(t *testing.T) {
	m := RoleGranted(access.Lead, true, "https://confidant.example.org/admin/users/ID", "Example Counselling")
	if !strings.Contains(m.Text, "(Safeguarding lead) is waiting for a second administrator's approval") || strings.Contains(m.Text, "(lead)") {
		t.Errorf("%q", m.Text)
	}
	if m := RoleGranted(access.Counsellor, false, "L", "P"); !strings.Contains(m.Text, "(Counsellor) was granted") {
		t.Errorf("%q", m.Text)
	}
}

// TestThePoliceEmailNamesTheirReferenceAndTheFingerprint: the officer can
// match the email to their request and check the file they download.
func TestThePoliceEmailNamesTheirReferenceAndTheFingerprint(t *testing.T) {
	exp := time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)
	m := Disclosure("OP-0000-EXAMPLE", "https://confidant.example.org/d/T0KEN", "ab12", "Sam Lead\nExample Counselling", exp, true)
	for _, want := range []string{"OP-0000-EXAMPLE", "https://confidant.example.org/d/T0KEN", "ab12", "release code", "age key", "Example Counselling"} {
		if !strings.Contains(m.Subject+m.Text, want) {
			t.Errorf("lacks %q: %s", want, m.Text)
		}
	}
	if m.Subject != "Document for your request OP-0000-EXAMPLE" {
		t.Errorf("subject %q", m.Subject)
	}
	if strings.Contains(Disclosure("R", "L", "S", "P", exp, false).Text, "age key") {
		t.Error("a plain download speaks of an age key")
	}
}

func TestLinkJoinsBaseAndPath(t *testing.T) {
	for _, base := range []string{"https://confidant.example.org", "https://confidant.example.org/"} {
		if got := Link(base, "/requests/ID"); got != "https://confidant.example.org/requests/ID" {
			t.Errorf("%q: %q", base, got)
		}
	}
}
