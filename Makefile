# Confidant. `make run` serves a local instance; `make test` runs every test.
SHELL := /bin/bash
BIN   := bin/confidant
DATA  ?= data
ADDR  ?= 127.0.0.1:8080

.PHONY: all build run test bench lint fmt clean

all: build

build:
	go build -o $(BIN) ./cmd/confidant

# First run: create ./data with an unattended vault key, an admin, a
# counsellor and a safeguarding lead, and print how to sign in. Later runs
# reuse ./data.
run: build
	@if [ ! -f "$(DATA)/vault.key" ]; then \
	  pw="$$(head -c 15 /dev/urandom | base64 | tr '+/' 'xy')"; \
	  echo "First run: creating a local vault in ./$(DATA) (unattended: the key is protected by file permissions only)."; \
	  printf '%s\n' "$$pw" | ./$(BIN) init --data "$(DATA)" --admin-email admin@example.org --unattended || exit 1; \
	  printf '%s\n' "$$pw" | ./$(BIN) user add --data "$(DATA)" --email counsellor@example.org --role counsellor --name "Demo Counsellor" >/dev/null || exit 1; \
	  printf '%s\n' "$$pw" | ./$(BIN) user add --data "$(DATA)" --email lead@example.org --role lead --name "Demo Lead" >/dev/null || exit 1; \
	  echo; echo "Sign in at http://$(ADDR)/login as counsellor@example.org, lead@example.org or admin@example.org"; \
	  echo "with the password: $$pw   (shown once; it is not stored in clear anywhere)"; echo; \
	else echo "Using the existing vault in ./$(DATA). Sign in with the accounts made on its first run."; fi
	./$(BIN) serve --data "$(DATA)" --addr "$(ADDR)"

test:
	go test -count=1 ./...

# Benchmarks print their cost beside the bare work they stand on: the
# x-bare column is the ratio (1.0 = no overhead beyond the age and SQLite
# work itself); MB/s for the redaction engine; ms/op against each target.
bench:
	@out=$$(mktemp); go test -run '^$$' -bench . -benchmem -benchtime 20x ./internal/... | tee $$out; \
	echo; echo "Ratios to the bare work (x-bare) and throughput (MB/s):"; \
	awk '/x-bare|MB\/s/ {print $$1, $$0}' $$out | cut -d' ' -f2- ; rm -f $$out

lint:
	@go mod tidy -diff >/dev/null || { echo "go.mod/go.sum not tidy: run go mod tidy"; exit 1; }
	@out="$$(gofmt -l cmd internal templates static)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...
	go tool staticcheck ./...

fmt:
	gofmt -w cmd internal templates static

clean:
	rm -rf bin
