package words

import "strings"

// Event is what an audit event records, as the end of a sentence whose
// subject is the person who did it: "signed in", "read a note".
func Event(code string) string {
	if s, ok := events[code]; ok {
		return s
	}
	return strings.ToLower(Humanise(code))
}

// EventName is Event as a label: "Signed in".
func EventName(code string) string {
	s := Event(code)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var events = lookup{
	"vault.init":              "created the vault",
	"signin.success":          "signed in",
	"signin.failure":          "failed to sign in",
	"signin.totp_failure":     "entered a wrong two-step code",
	"signin.throttled":        "was stopped after too many sign-in attempts",
	"signin.recovery_code":    "signed in with a recovery code",
	"signout":                 "signed out",
	"sessions.end":            "ended their other sessions",
	"stepup.failure":          "entered a wrong password to approve",
	"user.create":             "created a staff account",
	"user.invite":             "invited a member of staff",
	"user.roles":              "changed a member of staff's roles",
	"user.enable":             "re-enabled a staff account",
	"user.disable":            "disabled a staff account",
	"user.link":               "made a new sign-up link",
	"user.link_revoke":        "cancelled a sign-up link",
	"user.password_set":       "set their password",
	"user.password_change":    "changed their password",
	"totp.enrol":              "set up two-step sign-in",
	"totp.reset":              "reset a member of staff's two-step sign-in",
	"totp.recovery_codes":     "made new recovery codes",
	"settings.change":         "changed the settings",
	"setting.change":          "changed a setting",
	"settings.policy":         "changed the request checker's policy",
	"settings.identity":       "changed the service's details",
	"smtp.change":             "changed the mail settings",
	"smtp.test":               "sent a test email",
	"rights.text":             "changed the rights leaflet",
	"letter.template":         "changed a letter template",
	"key.rotate":              "rotated the vault key",
	"key.recover":             "recovered the vault with the recovery key",
	"key.passphrase":          "changed the vault passphrase",
	"backup":                  "made a backup",
	"audit.verify":            "checked the audit log",
	"client.create":           "added a client",
	"client.shred":            "shredded a client's records",
	"note.create":             "wrote a draft note",
	"note.update":             "edited a draft note",
	"note.sign":               "signed a note",
	"note.read":               "read a note",
	"addendum.create":         "added an addendum to a note",
	"request.create":          "recorded a police request",
	"request.status":          "moved a request on",
	"request.verification":    "recorded a call-back to the force",
	"request.view":            "passed on a counsellor's view",
	"request.letter":          "produced a letter",
	"request.client_visible":  "let the client see a request",
	"request.attachment.read": "opened a request's original document",
	"extract.version":         "built an extract",
	"extract.approve":         "approved an extract",
	"extract.send":            "sent an extract",
	"consent.agree":           "agreed to an extract",
	"consent.refuse":          "said no to an extract",
	"consent.talk":            "asked to talk about an extract",
	"consent.withdraw":        "took back their agreement to an extract",
	"portal.invite":           "invited a client to the portal",
	"portal.account":          "set up their portal account",
	"portal.signin":           "signed in to the portal",
	"download.ok":             "downloaded the extract",
	"download.failed":         "tried a wrong release code",
	"monitoring.export":       "exported the monitoring figures",
	"user.change":             "changed a staff account",
	"user.role.proposed":      "proposed a role for a member of staff",
	"user.role.approved":      "approved a proposed role",
	"user.role.refused":       "refused a proposed role",
	"audit.keyed":             "sealed the audit log with the vault's audit key",
	"audit.checkpoint":        "downloaded a checkpoint of the audit log",
	"audit.pending_refused":   "refused audit entries left waiting",
	"portal.reset":            "sent a client a new portal password link",
	"portal.account.invite":   "set up their portal account",
	"portal.account.reset":    "chose a new portal password",
	"portal.email.proposed":   "proposed a new email address for a client's portal",
	"portal.email.approved":   "approved a new email address for a client's portal",
	"portal.email.refused":    "refused a new email address for a client's portal",
	"portal.email.changed":    "changed a client's portal email address",
	"portal.invite.refused":   "refused a portal invitation",
	"portal.extract.pdf":      "downloaded the extract from the portal",
	"message.client":          "wrote to the service about a request",
	"message.service":         "replied to the client about a request",
	"message.read":            "read the client's messages about a request",
	"request.consult":         "consulted the client about a request",
	"request.hold_lifted":     "lifted the serious-harm hold on a request",
}
