// Package emails writes every email the service sends: its subject and its
// text. An email is built from codes, links and the service's own words,
// never from a client's details, so what it says is decided here, in one
// place, where a test can read all of it: a client's email has the one
// neutral subject and says only that there is something to read; a staff
// email names a page, not a person; the police's email names their own
// reference.
//
// Who receives an email, and when, is the application's business; this
// package only words it.
package emails

import (
	"fmt"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/words"
)

// Message is an email's subject and plain text.
type Message struct {
	Subject string
	Text    string
}

// ClientSubject is the only subject a client's email ever has: it says
// nothing of counselling, the police or the service to whoever sees her
// inbox.
const ClientSubject = "You have a new message"

// StaffSubject is the subject of a notice to staff: what it is about is
// behind the link, for someone signed in.
const StaffSubject = "Confidant: something needs your attention"

// staffNotices are the words of each notice to staff, by the outbox's
// purpose label.
var staffNotices = map[string]string{
	"client.wrote":     "A client has answered or written about a police request. Please read it and reply.",
	"request.arrived":  "A police request about one of your clients has been recorded. You can add your professional view.",
	"request.decided":  "A police request about one of your clients has been decided.",
	"request.consent":  "A client has answered a police request in her portal. Please read her answer.",
	"portal.email_new": "A change of a client's portal address is waiting for a second safeguarding lead.",
}

// StaffNotice is a notice to a member of staff that something happened
// (purpose, one of the outbox's labels) and waits on the page at link,
// signed by the provider. False for a purpose with no words.
func StaffNotice(purpose, link, provider string) (Message, bool) {
	w, ok := staffNotices[purpose]
	if !ok {
		return Message{}, false
	}
	return Message{Subject: StaffSubject, Text: "Hello,\n\n" + w + "\n\n" + link + "\n\n" + provider + "\n"}, true
}

// RoleGranted tells an administrator that a role opening clients' notes
// was granted to a staff account, or waits for a second administrator
// (pending); link opens the account's page.
func RoleGranted(role access.Role, pending bool, link, provider string) Message {
	what := "was granted"
	if pending {
		what = "is waiting for a second administrator's approval"
	}
	return Message{
		Subject: "Confidant: a role was granted",
		Text: fmt.Sprintf("Hello,\n\nA role that opens clients' notes (%s) %s for a staff account. Check that this is expected:\n\n%s\n\n%s\n",
			words.Role(string(role)), what, link, provider),
	}
}

// ClientNewMessage tells a client that there is something to read in her
// account, and nothing more.
func ClientNewMessage() Message {
	return Message{Subject: ClientSubject, Text: "Hello,\n\nYou have a new message. Please sign in to your account to read it.\n"}
}

// ClientInvitation invites a client to set up her account: link chooses
// the password, once, within valid.
func ClientInvitation(link string, valid time.Duration) Message {
	return Message{Subject: ClientSubject, Text: fmt.Sprintf("Hello,\n\nYou have been invited to set up an account. Open this link to choose a password:\n\n%s\n\n"+
		"The link works once and stops working after %s.\n\nIf you were not expecting this, you can ignore this message.\n", link, span(valid))}
}

// ClientPasswordReset sends a client a link, chosen by staff for her, to
// choose a new password, once, within valid.
func ClientPasswordReset(link string, valid time.Duration) Message {
	return Message{Subject: ClientSubject, Text: fmt.Sprintf("Hello,\n\nSomeone at the service has sent you a link to choose a new password for your account:\n\n%s\n\n"+
		"The link works once and stops working after %s. Your old password works until you choose a new one.\n\n"+
		"If you did not ask for this, you can ignore this message, and tell us when you next sign in.\n", link, span(valid))}
}

// ClientAddressChanged tells a client, at her old address, that the
// service changed the address her account uses.
func ClientAddressChanged() Message {
	return Message{Subject: ClientSubject, Text: "Hello,\n\nThe email address for your account was changed by the service. " +
		"From now on, messages go to the new address, and you sign in with it.\n\nIf you did not ask for this, please contact the service.\n"}
}

// RelayTest is the message the email settings page sends to check the
// relay.
func RelayTest() Message {
	return Message{Subject: "Test message", Text: "Hello,\n\nThis is a test message, sent from the email settings page. If you can read it, email is working.\n"}
}

// Disclosure tells the officer who made a request (their reference, ref)
// where to download the document released to them: link, once, until
// expires; the release code comes by telephone. sha256 is the document's
// fingerprint; ageEncrypted says the file is encrypted to the force's age
// key; signature ends the email (who signs, the service, how to reach it).
func Disclosure(ref, link, sha256, signature string, expires time.Time, ageEncrypted bool) Message {
	text := fmt.Sprintf("A document has been made available to you in answer to your request %s.\n\n"+
		"Download it here (one download, until %s):\n\n%s\n\n"+
		"You will need the release code, which we will give you by telephone.\n"+
		"The document's SHA-256 fingerprint is %s.\n\n%s\n",
		ref, words.Time(expires), link, sha256, signature)
	if ageEncrypted {
		text += "\nThe file is encrypted to the age key your force gave us.\n"
	}
	return Message{Subject: "Document for your request " + ref, Text: text}
}

// span is a link's lifetime in words: whole days when it is days, else
// hours.
func span(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return words.Plural(int(d/(24*time.Hour)), "day", "days")
	}
	return words.Plural(int(d.Round(time.Hour)/time.Hour), "hour", "hours")
}

// Link is the address of a page of the service: base (its public address,
// a trailing slash allowed) and the path.
func Link(base, path string) string { return strings.TrimRight(base, "/") + path }
