package app

import "confidant/internal/app/core"

// Core is the shared core, for this package's tests (which build on the
// shared harness, internal/app/apptest, and so live in package app_test).
func (a *App) Core() *core.Core { return a.core }
