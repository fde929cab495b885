package web

import (
	"net/http"
)

// staffRoutes are the routes of staff accounts and the key lifecycle
// (issue 5): the account pages, invitation links and the admin screens.
func (s *Server) staffRoutes(handle func(method, path string, rl rule, h http.HandlerFunc)) {
	handle("GET", "/set-password", public, s.setPasswordForm)
	handle("POST", "/set-password", public, s.setPassword)

	handle("GET", "/account/totp", enrolling, s.totpSetup)
	handle("POST", "/account/totp", enrolling, s.totpConfirm)
	handle("GET", "/account", signedIn, s.account)
	handle("GET", "/account/sessions", signedIn, s.account)
	handle("POST", "/account/sessions/end-others", signedIn, s.endOtherSessions)
	handle("POST", "/account/sessions/end-all", signedIn, s.endAllSessions)
	handle("POST", "/account/password", signedIn, s.changePassword)
	handle("POST", "/account/recovery-codes", signedIn, s.recoveryCodesRenew)

	handle("GET", "/admin", adminOnly, s.adminHome)
	handle("GET", "/admin/users", adminOnly, s.adminUsers)
	handle("POST", "/admin/users", adminOnly, s.adminInvite)
	handle("GET", "/admin/users/{id}", adminOnly, s.adminUser)
	handle("POST", "/admin/users/{id}/roles", adminOnly, s.adminSetRoles)
	handle("POST", "/admin/users/{id}/grants/{grant}", adminOnly, s.adminDecideGrant)
	handle("POST", "/admin/users/{id}/disable", adminOnly, s.adminDisable)
	handle("POST", "/admin/users/{id}/enable", adminOnly, s.adminEnable)
	handle("POST", "/admin/users/{id}/totp-reset", adminOnly, s.adminResetTOTP)
	handle("POST", "/admin/users/{id}/sessions/end", adminOnly, s.adminEndSessions)
	handle("POST", "/admin/users/{id}/link", adminOnly, s.adminNewLink)
	handle("POST", "/admin/users/{id}/link/revoke", adminOnly, s.adminRevokeLink)
	handle("GET", "/admin/settings", adminOnly, s.adminSettings)
	handle("POST", "/admin/settings", adminOnly, s.adminSaveSettings)
	handle("GET", "/admin/policy", adminOnly, s.adminPolicy)
	handle("GET", "/admin/identity", adminOnly, s.adminIdentity) // admin_identity.go
	handle("POST", "/admin/identity", adminOnly, s.adminSaveIdentity)
	handle("POST", "/admin/policy", adminOnly, s.adminSavePolicy)
	handle("GET", "/admin/audit", adminOnly, s.adminAudit)
	handle("POST", "/admin/audit/verify", adminOnly, s.adminAuditVerify)
	handle("GET", "/admin/audit/checkpoint", adminOnly, s.adminAuditCheckpoint)
	handle("GET", "/admin/keys", adminOnly, s.adminKeys)
	handle("POST", rotateRoute, adminOnly, s.adminRotate)
	handle("POST", "/admin/keys/passphrase", adminOnly, s.adminPassphrase)
	handle("GET", "/admin/retention", adminOnly, s.adminRetention)
	handle("GET", "/admin/retention/{id}", adminOnly, s.adminShredConfirm)
	handle("POST", "/admin/retention/{id}/shred", adminOnly, s.adminShred)
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "admin", s.newView(r, nil))
}
