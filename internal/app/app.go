// Package app is Confidant's application layer: it joins the store, the
// vault and the domain rules into the operations that the web handlers and
// the command line call (sign in, add a client, write a note, read a case
// file). Personal data is encrypted here before it reaches the store and
// decrypted here after it leaves it, so neither the store nor the web layer
// ever handles keys.
package app

import (
	"confidant/internal/app/admin"
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/app/delivery"
	"confidant/internal/app/disclosure"
	"confidant/internal/app/keys"
	"confidant/internal/app/portal"
	"confidant/internal/app/requests"
	"confidant/internal/app/sessions"
	"confidant/internal/app/staff"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// App is the running application: the services the web handlers and the
// command line call, over one shared core.
type App struct {
	*core.Core
	Staff      *staff.Service
	Sessions   *sessions.Service
	Admin      *admin.Service
	Vault      *keys.Service
	Delivery   *delivery.Service
	Clients    *clients.Service
	Requests   *requests.Service
	Disclosure *disclosure.Service
	Portal     *portal.Service
}

// New makes an App with the default settings; Open loads the stored ones.
func New(db *store.DB, ring *vault.Keyring) *App {
	c := core.New(db, ring)
	a := &App{Core: c, Staff: staff.New(c), Sessions: sessions.New(c), Admin: admin.New(c), Vault: keys.New(c), Delivery: delivery.New(c)}
	a.Clients = clients.New(c)
	a.Requests = requests.New(c, a.Clients)
	a.Disclosure = disclosure.New(c, a.Requests, a.Clients)
	a.Portal = portal.New(c, a.Clients, a.Disclosure)
	return a
}
