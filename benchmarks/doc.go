// Package benchmarks measures pay side by side with stripe-go v84 and a
// hand-written net/http + encoding/json floor, on the same fake server
// (cmd/fakeapi, run in a child process) and the same fixtures.
//
// Run everything and rewrite ../docs/BENCHMARKS.md with:
//
//	go run ./cmd/compare
//
// `go test ./...` alone runs a quick smoke test of each subject.
package benchmarks
