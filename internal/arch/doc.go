// Package arch holds no code: its test keeps the arrows of dependency
// pointing inward (docs/architecture.md). The domain packages import no
// HTTP, no database and no encryption library; the vault alone imports
// age; the store knows nothing of mail, the application or the web; the
// web reaches the data only through the application.
package arch
