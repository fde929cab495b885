package core

import (
	"testing"

	"confidant/internal/emails"
)

// TestEveryStaffNoticeHasWords: a notice the core sends (about a request,
// or a client's address change) has its words in internal/emails, so none
// is silently dropped for want of them.
func TestEveryStaffNoticeHasWords(t *testing.T) {
	purposes := []string{"portal.email_new"} // NotifyLeadsOfClient's
	for p := range leadsHear {
		purposes = append(purposes, p)
	}
	for _, p := range purposes {
		if _, ok := emails.StaffNotice(p, "https://vault.example.org/x", "Example Counselling"); !ok {
			t.Errorf("%s has no words", p)
		}
	}
}
