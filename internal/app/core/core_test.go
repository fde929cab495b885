package core

import (
	"testing"
	"time"
)

// A rotation waits for writes in flight, and writes wait for the rotation.
func TestRotationWaitsForWritesAndWritesWaitForIt(t *testing.T) {
	var c Core
	release := c.Writing()
	rotated := make(chan func())
	go func() { rotated <- c.Rotating() }()
	select {
	case <-rotated:
		t.Fatal("the rotation started while a write was in flight")
	case <-time.After(50 * time.Millisecond):
	}
	release()
	done := <-rotated
	wrote := make(chan func())
	go func() { wrote <- c.Writing() }()
	select {
	case <-wrote:
		t.Fatal("a write started during the rotation")
	case <-time.After(50 * time.Millisecond):
	}
	done()
	(<-wrote)()
}
