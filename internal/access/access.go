// Package access decides who may see and do what. Every handler asks here
// and nowhere else, so the rules of DESIGN.md live in one file:
//
//   - a counsellor sees and writes only their own clients' records;
//   - a safeguarding lead reads a client's notes only while a police request
//     about that client is open (each read is logged by the caller);
//   - an admin manages users, settings and keys, and reads no notes by role.
//
// A caller that is refused must answer 404, never 403, so that the existence
// of another counsellor's client does not leak.
package access

// Actor is who is asking.
type Actor struct {
	UserID string
	Roles  Roles
}

// Has reports whether the actor holds role.
func (a Actor) Has(role Role) bool { return a.Roles.Has(role) }

// ClientFacts are what the rules need to know about a client.
type ClientFacts struct {
	CounsellorID string
	OpenRequest  bool
}

// CanReadClient: the client's own counsellor, or a lead while a request about
// the client is open.
func CanReadClient(a Actor, c ClientFacts) bool {
	if a.Has(Counsellor) && c.CounsellorID == a.UserID {
		return true
	}
	return a.Has(Lead) && c.OpenRequest
}

// CanWriteNotes: only the client's own counsellor writes notes.
func CanWriteNotes(a Actor, c ClientFacts) bool {
	return a.Has(Counsellor) && c.CounsellorID == a.UserID
}

// CanEditNote: only the author edits or signs a draft.
func CanEditNote(a Actor, c ClientFacts, authorID string) bool {
	return CanWriteNotes(a, c) && authorID == a.UserID
}

// CanKeepClients: counsellors hold a caseload.
func CanKeepClients(a Actor) bool { return a.Has(Counsellor) }

// CanManageUsers: admins only.
func CanManageUsers(a Actor) bool { return a.Has(Admin) }

// CanHandleRequests: safeguarding leads only.
func CanHandleRequests(a Actor) bool { return a.Has(Lead) }

// CanChangeSettings: admins only (timeouts, TOTP requirement, retention).
func CanChangeSettings(a Actor) bool { return a.Has(Admin) }

// CanReadAudit: admins see the audit log (ids and event types, no content)
// and run the chain check.
func CanReadAudit(a Actor) bool { return a.Has(Admin) }

// CanMonitor: safeguarding leads and admins see the monitoring figures.
// They hold counts only, never a client's or an officer's details.
func CanMonitor(a Actor) bool { return a.Has(Lead) || a.Has(Admin) }

// CanManageKeys: admins rotate the vault key and change its passphrase,
// after re-entering their password.
func CanManageKeys(a Actor) bool { return a.Has(Admin) }

// CanShred: admins shred clients past retention. They see only the
// client's reference and dates, never the name or any note.
func CanShred(a Actor) bool { return a.Has(Admin) }
