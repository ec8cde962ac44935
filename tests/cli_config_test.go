package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/internal/readmesteps"
	"github.com/portkey-eks/portkey-eks/stacks"
)

// The real pulumi CLI on the real project files, configured with exactly the `pulumi config`
// steps README.md gives each stack: the CLI's own config validation must accept them (the
// check the first real `pulumi preview -s dev` failed), and so must the program's.

// pulumiCLI returns <repo>/bin/pulumi, skipping (failing with CI=true) when it is missing.
func pulumiCLI(t *testing.T) string {
	t.Helper()
	bin, err := filepath.Abs(filepath.Join("..", "bin", "pulumi"))
	require.NoError(t, err)
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no pulumi CLI at %s (CI=true): build it with tools/pulumi/build.sh", bin)
		}
		t.Skipf("no pulumi CLI at %s: build it with tools/pulumi/build.sh", bin)
	}
	return bin
}

// cliProject copies the project files of stack into a throwaway project with a file://
// backend, inits the stack and returns a runner of shell lines there, with `pulumi` on PATH.
func cliProject(t *testing.T, stack, pulumiYAML string) (dir string, sh func(line string) (string, error)) {
	t.Helper()
	bin := pulumiCLI(t)
	dir = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte(pulumiYAML), 0o644))
	stackFile, err := os.ReadFile(filepath.Join("..", "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), stackFile, 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "state"), 0o755))
	env := append(os.Environ(),
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PULUMI_BACKEND_URL=file://"+filepath.Join(dir, "state"),
		"PULUMI_CONFIG_PASSPHRASE=e2e-passphrase",
		"PULUMI_SKIP_UPDATE_CHECK=true",
		"PULUMI_HOME="+filepath.Join(dir, "home"),
	)
	sh = func(line string) (string, error) {
		cmd := exec.Command("bash", "-c", line)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := sh("pulumi stack init " + stack + " --non-interactive")
	require.NoError(t, err, out)
	return dir, sh
}

// previewConfigVerdict runs `pulumi preview` and says whether the CLI's own config
// validation refused the stack (its message), or passed it on to the Go language host,
// which this machine does not have (then "").
func previewConfigVerdict(t *testing.T, sh func(string) (string, error), stack string) string {
	t.Helper()
	out, err := sh("timeout 120 pulumi preview -s " + stack + " --non-interactive")
	require.Error(t, err, "preview cannot succeed without a Go language host: %s", out)
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "validating stack config") || strings.Contains(line, "missing configuration value") {
			return line
		}
	}
	require.Contains(t, out, "language plugin", "preview stopped neither at config validation nor at the language host:\n%s", out)
	return ""
}

func TestRealCLIAcceptsTheStacksWithREADMEsSteps(t *testing.T) {
	pulumiYAML, err := os.ReadFile(filepath.Join("..", "Pulumi.yaml"))
	require.NoError(t, err)
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			steps, err := readmesteps.ConfigSteps(filepath.Join("..", "README.md"), stack)
			require.NoError(t, err)
			require.NotEmpty(t, steps, "README.md gives no `pulumi config` steps for %s", stack)
			dir, sh := cliProject(t, stack, string(pulumiYAML))

			// Before README's steps: the program refuses the placeholders and the missing
			// secrets (the CLI itself has nothing to say about them).
			err = stacks.ValidateStackDir(dir, stack)
			require.Error(t, err)

			for _, step := range steps {
				out, err := sh(readmesteps.FillPlaceholder(step))
				require.NoError(t, err, "README step %q: %s", step, out)
			}
			assert.Empty(t, previewConfigVerdict(t, sh, stack), "the real CLI refuses Pulumi.%s.yaml configured as README says", stack)
			// And the program's own validation (what preview/up run first) accepts it too:
			// README's steps replace every placeholder and set every secret the stack needs.
			assert.NoError(t, stacks.ValidateStackDir(dir, stack))
		})
	}
}

// TestRealCLICheckCanFail shows the check above catches what it is for: a project key
// declared without a default is required of every stack, as cacheAuthToken once was.
func TestRealCLICheckCanFail(t *testing.T) {
	pulumiYAML, err := os.ReadFile(filepath.Join("..", "Pulumi.yaml"))
	require.NoError(t, err)
	broken := strings.Replace(string(pulumiYAML), "config:\n", "config:\n  unsetRequiredKey:\n    type: string\n", 1)
	_, sh := cliProject(t, "dev", broken)
	steps, err := readmesteps.ConfigSteps(filepath.Join("..", "README.md"), "dev")
	require.NoError(t, err)
	for _, step := range steps {
		out, err := sh(readmesteps.FillPlaceholder(step))
		require.NoError(t, err, out)
	}
	assert.Contains(t, previewConfigVerdict(t, sh, "dev"), "missing configuration value 'unsetRequiredKey'")
}
