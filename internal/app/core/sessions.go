package core

import "time"

// SessionExpired is the one rule for when a session is over, for both kinds
// of session and wherever it is asked (resuming one, listing a member's
// devices). The store keeps whole seconds, so the end is compared in whole
// seconds: a session is good for all of its last second.
func SessionExpired(now, created, lastSeen, expiresAt time.Time, idle, absolute time.Duration) bool {
	return now.Unix() > expiresAt.Unix() || now.Sub(lastSeen) > idle || now.Sub(created) > absolute
}
