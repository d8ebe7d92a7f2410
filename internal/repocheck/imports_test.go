package repocheck

import (
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

func errOutput(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
