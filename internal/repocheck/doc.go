// Package repocheck holds tests about the repository rather than about one
// package: every Go block of README.md compiles (readme_test.go), and no
// package but tests imports testify (imports_test.go).
//
// It has no code of its own.
package repocheck
