package web

import (
	"errors"
	"net/http"

	"confidant/internal/app/core"
	"confidant/internal/app/keys"
	"confidant/internal/fault"
)

type adminKeysPage struct {
	Sealed    bool
	Recipient string
	Rotated   int
}

func (s *Server) adminKeys(w http.ResponseWriter, r *http.Request) {
	s.showKeys(w, r, http.StatusOK, nil)
}

func (s *Server) showKeys(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) {
	v := s.newView(r, adminKeysPage{Sealed: s.App.Vault.VaultSealed(), Recipient: s.App.VaultRecipient()})
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "admin_keys", v)
}

// adminRotate rotates the vault key while serving, after the admin
// re-enters their password. It runs with every other write held off
// (guard.go); reads go on.
func (s *Server) adminRotate(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	_, err := s.App.Vault.RotateVaultKey(r.Context(), cur.User, r.PostForm.Get("password"))
	switch {
	case errors.Is(err, core.ErrBadCredentials):
		s.showKeys(w, r, http.StatusUnprocessableEntity, map[string]string{"rotate_password": "Your password is not right. Nothing was changed."})
	case errors.Is(err, keys.ErrNoKeyDir):
		s.showKeys(w, r, http.StatusConflict, map[string]string{"rotate_password": err.Error()})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/admin/keys", "key-rotated")
	}
}

// adminPassphrase re-seals the vault key under a new passphrase.
func (s *Server) adminPassphrase(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	f := r.PostForm
	err := s.App.Vault.ChangeVaultPassphrase(r.Context(), cur.User, f.Get("password"), f.Get("passphrase"), f.Get("passphrase_confirm"))
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showKeys(w, r, http.StatusUnprocessableEntity, fe)
	case errors.Is(err, keys.ErrUnattended), errors.Is(err, keys.ErrNoKeyDir):
		s.showKeys(w, r, http.StatusConflict, map[string]string{"passphrase": err.Error()})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/admin/keys", "passphrase-changed")
	}
}
