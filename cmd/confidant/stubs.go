package main

import (
	"context"
	"errors"
)

var errTODO = errors.New("not implemented yet")

func runInit(ctx context.Context, e env, args []string) error    { return errTODO }
func runServe(ctx context.Context, e env, args []string) error   { return errTODO }
func runUser(ctx context.Context, e env, args []string) error    { return errTODO }
func runBackup(ctx context.Context, e env, args []string) error  { return errTODO }
func runRestore(ctx context.Context, e env, args []string) error { return errTODO }
func runAudit(ctx context.Context, e env, args []string) error   { return errTODO }
func runKeys(ctx context.Context, e env, args []string) error    { return errTODO }
