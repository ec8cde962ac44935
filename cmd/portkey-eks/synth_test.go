package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSynthWritesTheContract(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := run([]string{"synth", "--stack", stack, "--dir", "../..", "--out", out}, &stdout, &stderr)
			require.Equal(t, 0, code, "stderr: %s", stderr.String())
			assert.Contains(t, stdout.String(), "resources in stack "+stack)
			assert.Contains(t, stdout.String(), "warning(s):", "missing secrets are reported as warnings")
			assert.Contains(t, stdout.String(), "pulumi config set --secret clientAuthKey")

			b, err := os.ReadFile(filepath.Join(out, "inventory.json"))
			require.NoError(t, err)
			var inv []map[string]any
			require.NoError(t, json.Unmarshal(b, &inv))
			require.NotEmpty(t, inv)
			assert.FileExists(t, filepath.Join(out, "graph.mmd"))
			assert.DirExists(t, filepath.Join(out, "values"))
			assert.DirExists(t, filepath.Join(out, "iam"))
			assert.NotContains(t, string(b), "synth-placeholder-", "placeholders are secrets and never written")

			// The gateway's values are written whole, with only the secret leaves masked.
			values, err := os.ReadFile(filepath.Join(out, "values", "portkey-ai.yaml"))
			require.NoError(t, err)
			for _, want := range []string{"ANALYTICS_STORE: control_plane", "PORTKEY_CLIENT_AUTH: '[secret]'", "password: '[secret]'", "LOG_STORE: s3_assume", "PORT: \"8787\""} {
				assert.Contains(t, string(values), want)
			}
			assert.NotContains(t, string(values), "synth-placeholder-")
		})
	}
}

func TestSynthBadConfigExitsTwo(t *testing.T) {
	dir := t.TempDir()
	proj, err := os.ReadFile("../../Pulumi.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), proj, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.bad.yaml"), []byte(`config:
  aws:region: us-east-1
  portkey-eks:network:
    azCount: 1
  portkey-eks:cache:
    mode: builtin
    clusterMode: true
`), 0o644))
	var stdout, stderr bytes.Buffer
	code := run([]string{"synth", "--stack", "bad", "--dir", dir, "--out", filepath.Join(dir, "out")}, &stdout, &stderr)
	assert.Equal(t, 2, code)
	msg := stderr.String()
	for _, want := range []string{"portkey-eks:network.azCount = 1", "portkey-eks:cache.clusterMode", "portkey-eks:gateway.organisationId"} {
		assert.Contains(t, msg, want)
	}
	assert.NoFileExists(t, filepath.Join(dir, "out", "inventory.json"), "nothing is written for a bad configuration")
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{}, {"bogus"}, {"synth"}, {"synth", "--stack", "dev", "extra"}, {"synth", "--stack", "nosuch", "--dir", "../.."}} {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 2, run(args, &stdout, &stderr), strings.Join(args, " "))
		assert.NotEmpty(t, stderr.String())
	}
}
