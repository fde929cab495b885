package core

import (
	"confidant/internal/access"
	"confidant/internal/store"
)

// StaffUser is a member of staff as the application hands them out: who
// they are and what they may do, never the password hash or the sealed
// second-factor secret, which stay in the store. A method that needs those
// reads the account afresh by ID.
type StaffUser struct {
	ID    string
	Email string
	// Name is the decrypted display name, where the giver filled it in.
	Name        string
	Roles       access.Roles
	Disabled    bool
	TOTPEnabled bool
}

// StaffUserOf is the application's view of a stored user, without the name
// (which costs a decryption: see StaffUserWithName).
func StaffUserOf(u store.User) StaffUser {
	return StaffUser{ID: u.ID, Email: u.Email, Roles: u.Roles, Disabled: u.Disabled, TOTPEnabled: len(u.TOTPEnc) > 0}
}

// StaffUserWithName is StaffUserOf with the display name decrypted.
func (a *Core) StaffUserWithName(u store.User) StaffUser {
	su := StaffUserOf(u)
	su.Name = a.UserName(u)
	return su
}

// PortalAccount is a client's portal account as the application hands it
// out: which account, for which client; never the password hash or the
// sealed email.
type PortalAccount struct {
	ID       string
	ClientID string
}

// PortalAccountOf is the application's view of a stored portal account.
func PortalAccountOf(a store.PortalAccount) PortalAccount {
	return PortalAccount{ID: a.ID, ClientID: a.ClientID}
}
