package repocheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestImports_TestifyOnlyInTests lists what the module's packages import,
// tests left out, and finds no testify: the library's users never build it.
func TestImports_TestifyOnlyInTests(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	require.NoError(t, err, "go list: %s", errOutput(err))
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/paykit/pay")
	for _, d := range deps {
		assert.False(t, strings.HasPrefix(d, "github.com/stretchr/testify"), "a non-test package depends on %s", d)
	}
}

// TestImports_NoSQLiteInTheLibrary: the examples that keep state in SQLite
// (examples/billing, examples/checkout) are modules of their own, so
// nothing the library's users build or test needs it, and go.mod does not
// name it.
func TestImports_NoSQLiteInTheLibrary(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	cmd := exec.Command("go", "list", "-deps", "-test", "-f", "{{.ImportPath}}", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	require.NoError(t, err, "go list: %s", errOutput(err))
	for _, d := range strings.Fields(string(out)) {
		assert.False(t, strings.HasPrefix(d, "modernc.org/"), "the root module depends on %s", d)
		assert.False(t, strings.HasPrefix(d, "github.com/paykit/pay/examples/checkout"), "the root module builds %s", d)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	assert.NotContains(t, string(mod), "sqlite")
}

func errOutput(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
