package repocheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestREADME_GoBlocksCompile extracts every ```go block of README.md,
// makes each a package of a scratch module that uses this repository
// through a replace directive, and runs go vet on it. Errors name the
// README's lines (each block starts with a //line directive).
//
// A block is compiled as follows:
//   - one with a package clause is a whole file, written as it is;
//   - one made of declarations, a func or a type among them, is a file of
//     package snippet, with the imports it names;
//   - any other is statements: the body of a func that returns error and
//     has the variables in [env] as parameters (the names a reader assumes
//     from the text around a fragment: ctx, client, charges, params, ...).
//     Names the block declares at its top level are used once (`_ = ch`),
//     so a fragment need not use everything it shows.
//
// ```go nocompile marks a block that must not be compiled; none does.
func TestREADME_GoBlocksCompile(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	blocks := goBlocks(string(readme))
	require.NotEmpty(t, blocks, "README.md has no ```go block")

	dir := t.TempDir()
	writeModule(t, dir, root)
	for i, b := range blocks {
		if b.noCompile {
			t.Logf("README.md:%d: ```go nocompile, not compiled", b.line)
			continue
		}
		src, err := wrap(b)
		require.NoError(t, err, "README.md:%d", b.line)
		pkgDir := filepath.Join(dir, fmt.Sprintf("block%02d_line%d", i+1, b.line))
		require.NoError(t, os.Mkdir(pkgDir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(pkgDir, "snippet.go"), src, 0o644))
	}

	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, "go vet of README.md's Go blocks:\n%s", out)
}

// writeModule writes a go.mod that uses the repository at root for
// github.com/paykit/pay, and the repository's go.sum.
func writeModule(t *testing.T, dir, root string) {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	goVersion := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(gomod)
	require.NotNil(t, goVersion, "no go directive in go.mod")
	mod := fmt.Sprintf("module example.com/readme\n\ngo %s\n\nrequire github.com/paykit/pay v0.0.0\n\nreplace github.com/paykit/pay => %s\n", goVersion[1], root)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
}

// block is a fenced code block of a Markdown file.
type block struct {
	line      int // of the block's first code line, 1-based
	code      string
	noCompile bool
}

// goBlocks returns the ```go blocks of md, in order.
func goBlocks(md string) []block {
	var (
		out    []block
		inside bool
		isGo   bool
		cur    block
		body   []string
	)
	for i, l := range strings.Split(md, "\n") {
		trimmed := strings.TrimSpace(l)
		switch {
		case !inside && strings.HasPrefix(trimmed, "```"):
			info := strings.Fields(strings.TrimPrefix(trimmed, "```"))
			inside = true
			isGo = len(info) > 0 && info[0] == "go"
			cur = block{line: i + 2, noCompile: slices.Contains(info, "nocompile")}
			body = nil
		case inside && trimmed == "```":
			inside = false
			if isGo {
				cur.code = strings.Join(body, "\n") + "\n"
				out = append(out, cur)
			}
		case inside:
			body = append(body, l)
		}
	}
	return out
}

// importable are the packages a block may name without importing them:
// the import path and an exported name that keeps the import used.
var importable = map[string]struct{ path, use string }{
	"context":  {"context", "Background"},
	"errors":   {"errors", "New"},
	"fmt":      {"fmt", "Sprint"},
	"io":       {"io", "EOF"},
	"json":     {"encoding/json", "Marshal"},
	"log":      {"log", "Print"},
	"slog":     {"log/slog", "Default"},
	"http":     {"net/http", "StatusOK"},
	"httptest": {"net/http/httptest", "NewServer"},
	"os":       {"os", "Getenv"},
	"slices":   {"slices", "Clip[[]int]"},
	"strings":  {"strings", "Contains"},
	"testing":  {"testing", "Short"},
	"time":     {"time", "Second"},
	"pay":      {"github.com/paykit/pay", "NewClient"},
	"charge":   {"github.com/paykit/pay/charge", "NewClient"},
	"customer": {"github.com/paykit/pay/customer", "NewClient"},
	"refund":   {"github.com/paykit/pay/refund", "NewClient"},
	"paytest":  {"github.com/paykit/pay/paytest", "NewServer"},
	"webhook":  {"github.com/paykit/pay/webhook", "Verify"},
	"event":    {"github.com/paykit/pay/event", "NewClient"},
	"dispute":  {"github.com/paykit/pay/dispute", "NewClient"},

	"balancetransaction": {"github.com/paykit/pay/balancetransaction", "NewClient"},
	"paymentintent":      {"github.com/paykit/pay/paymentintent", "NewClient"},
	"paymentmethod":      {"github.com/paykit/pay/paymentmethod", "NewClient"},
	"setupintent":        {"github.com/paykit/pay/setupintent", "NewClient"},
}

// env are the variables a statement block may use without declaring them.
const env = `ctx context.Context, t *testing.T, err error,
	r *http.Request, w http.ResponseWriter, mux *http.ServeMux,
	client *pay.Client, charges *charge.Client, customers *customer.Client, refunds *refund.Client,
	srv *paytest.Server, params *charge.CreateParams, ch *charge.Charge, cus *customer.Customer,
	since time.Time, payload []byte, secret string,
	lastApplied int64, apply func(context.Context, *webhook.Event) error`

// envPackages are the packages env names, imported by every statement block.
var envPackages = []string{"context", "testing", "http", "pay", "charge", "customer", "refund", "paytest", "time", "webhook"}

// wrap returns b as a Go file (see TestREADME_GoBlocksCompile).
func wrap(b block) ([]byte, error) {
	lineDirective := fmt.Sprintf("//line README.md:%d\n", b.line)
	if regexp.MustCompile(`(?m)^package \w+`).MatchString(b.code) {
		return []byte(lineDirective + b.code), nil
	}
	if f, err := parser.ParseFile(token.NewFileSet(), "", "package snippet\n"+b.code, parser.SkipObjectResolution); err == nil && declaresFuncOrType(f) {
		var buf bytes.Buffer
		buf.WriteString("package snippet\n\n")
		if len(f.Imports) == 0 {
			writeImports(&buf, b.code, nil)
		}
		buf.WriteString(lineDirective + b.code)
		return buf.Bytes(), nil
	}

	stmts := func(uses []string) []byte {
		var buf bytes.Buffer
		buf.WriteString("package snippet\n\n")
		writeImports(&buf, b.code, envPackages)
		fmt.Fprintf(&buf, "func snippet(%s) error {\n\t{\n%s%s", env, lineDirective, b.code)
		for _, name := range uses {
			fmt.Fprintf(&buf, "\t\t_ = %s\n", name)
		}
		buf.WriteString("\t}\n\treturn nil\n}\n")
		return buf.Bytes()
	}
	src := stmts(nil)
	f, err := parser.ParseFile(token.NewFileSet(), "README.md", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	return stmts(declared(f)), nil
}

// declaresFuncOrType reports whether f declares a func or a type: a block
// of var statements alone is read as statements, which may use env.
func declaresFuncOrType(f *ast.File) bool {
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); !ok || g.Tok == token.TYPE {
			return true
		}
	}
	return false
}

// writeImports writes an import declaration of the packages in always
// and of those code names (pkg.Name), with a use of each.
func writeImports(buf *bytes.Buffer, code string, always []string) {
	var names []string
	for name := range importable {
		if slices.Contains(always, name) || regexp.MustCompile(`\b`+name+`\.[A-Z]`).MatchString(code) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return
	}
	slices.Sort(names)
	buf.WriteString("import (\n")
	for _, name := range names {
		fmt.Fprintf(buf, "\t%q\n", importable[name].path)
	}
	buf.WriteString(")\n\n")
	for _, name := range names {
		fmt.Fprintf(buf, "var _ = %s.%s\n", name, importable[name].use)
	}
	buf.WriteString("\n")
}

// declared returns the names the statement block of snippet's body declares
// at its top level.
func declared(f *ast.File) []string {
	var names []string
	add := func(id *ast.Ident) {
		if id.Name != "_" && !slices.Contains(names, id.Name) {
			names = append(names, id.Name)
		}
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "snippet" {
			continue
		}
		inner := fn.Body.List[0].(*ast.BlockStmt)
		for _, s := range inner.List {
			switch s := s.(type) {
			case *ast.AssignStmt:
				if s.Tok == token.DEFINE {
					for _, e := range s.Lhs {
						if id, ok := e.(*ast.Ident); ok {
							add(id)
						}
					}
				}
			case *ast.DeclStmt:
				if g, ok := s.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
					for _, spec := range g.Specs {
						for _, id := range spec.(*ast.ValueSpec).Names {
							add(id)
						}
					}
				}
			}
		}
	}
	return names
}

func TestGoBlocks_FindsGoFencesOnly(t *testing.T) {
	md := "# t\n\n```sh\ngo test\n```\n\n```go\nx := 1\n```\n\n```go nocompile\nnot go\n```\n\n```\nplain\n```\n"
	got := goBlocks(md)
	require.Len(t, got, 2)
	assert.Equal(t, block{line: 8, code: "x := 1\n"}, got[0])
	assert.Equal(t, block{line: 12, code: "not go\n", noCompile: true}, got[1])
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name string
		code string
		want []string // substrings of the file
		not  []string // and what it must not contain
	}{
		{
			name: "whole file as it is",
			code: "package main\n\nfunc main() {}\n",
			want: []string{"//line README.md:5\npackage main\n"},
			not:  []string{"snippet"},
		},
		{
			name: "declarations at package level, with the imports they name",
			code: "func TestX(t *testing.T) {\n\tsrv := paytest.NewServer()\n\tdefer srv.Close()\n}\n",
			want: []string{"package snippet\n", "\t\"testing\"\n", "\t\"github.com/paykit/pay/paytest\"\n", "var _ = paytest.NewServer\n", "//line README.md:5\nfunc TestX"},
			not:  []string{"func snippet(", "\"fmt\""},
		},
		{
			name: "var declarations alone are statements",
			code: "var perr *pay.Error\n_ = errors.As(err, &perr)\n",
			want: []string{"func snippet(", "\t\"errors\"\n", "_ = perr\n"},
		},
		{
			name: "statements in a func with env, declared names used",
			code: "cus, err := customers.Create(ctx, nil)\nvar n int\nfmt.Println(cus, n)\n",
			want: []string{"func snippet(ctx context.Context,", "\t\"fmt\"\n", "//line README.md:5\ncus, err :=", "_ = cus\n", "_ = err\n", "_ = n\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := wrap(block{line: 5, code: tt.code})
			require.NoError(t, err)
			for _, w := range tt.want {
				assert.Contains(t, string(src), w)
			}
			for _, n := range tt.not {
				assert.NotContains(t, string(src), n)
			}
		})
	}
}
