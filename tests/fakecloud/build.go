// Package fakecloud builds the fake AWS and EKS Pulumi provider plugins (see
// tests/fakecloud/provider) for tests that run the real Pulumi engine on the real program
// with no cloud:
//
//	bin := fakecloud.Build(t)
//	os.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
//
// The engine then loads pulumi-resource-aws and pulumi-resource-eks from $PATH instead of
// the real plugins (it warns "using pulumi-resource-aws from $PATH").
package fakecloud

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Plugins are the binaries Build makes, by the package they are built from.
var Plugins = map[string]string{
	"pulumi-resource-aws": "./tests/fakecloud/cmd/pulumi-resource-aws",
	"pulumi-resource-eks": "./tests/fakecloud/cmd/pulumi-resource-eks",
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// Build builds both plugins once per test process into <repo>/bin/fakecloud (go build's
// cache makes a rebuild of unchanged sources a relink) and returns that directory, to put
// first on PATH. It fails the test if they cannot be built.
func Build(t testing.TB) string {
	t.Helper()
	dir, err := BuildDir()
	if err != nil {
		t.Fatalf("building the fake cloud plugins: %v", err)
	}
	return dir
}

// BuildDir is Build for callers without a testing.TB (a TestMain).
func BuildDir() (string, error) {
	buildOnce.Do(func() { buildDir, buildErr = build() })
	return buildDir, buildErr
}

func build() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "bin", "fakecloud")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for name, pkg := range Plugins {
		// Build to a temporary name and rename, so that concurrent test processes never
		// see (or run) a half-written binary.
		tmp := filepath.Join(dir, fmt.Sprintf(".%s.%d", name, os.Getpid()))
		cmd := exec.Command("go", "build", "-o", tmp, pkg)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			os.Remove(tmp)
			return "", err
		}
	}
	return dir, nil
}

// RepoRoot finds the directory of the portkey-eks go.mod above the working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/portkey-eks/portkey-eks\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("repository root (the portkey-eks go.mod) not found above the working directory")
		}
		dir = parent
	}
}
