package tests

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// libraryDirs are the packages other Go programs import.
func libraryDirs(t *testing.T) []string {
	t.Helper()
	dirs := []string{filepath.Join("..", "stacks")}
	entries, err := os.ReadDir(filepath.Join("..", "components"))
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join("..", "components", e.Name()))
		}
	}
	return dirs
}

func parseDir(t *testing.T, dir string, tests bool) []*ast.File {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool {
		return strings.HasSuffix(fi.Name(), "_test.go") == tests
	}, parser.ParseComments)
	require.NoError(t, err)
	var files []*ast.File
	for _, p := range pkgs {
		for _, f := range p.Files {
			files = append(files, f)
		}
	}
	return files
}

// TestExportedIdentifiersAreDocumented: every exported name in components/... and stacks
// carries a doc comment for someone importing it.
func TestExportedIdentifiersAreDocumented(t *testing.T) {
	for _, dir := range libraryDirs(t) {
		files := parseDir(t, dir, false)
		hasPkgDoc := false
		for _, f := range files {
			if f.Doc != nil {
				hasPkgDoc = true
			}
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.FuncDecl:
					if !d.Name.IsExported() || (d.Recv != nil && !exportedRecv(d.Recv)) {
						continue
					}
					assert.NotNil(t, d.Doc, "%s: func %s has no doc comment", dir, d.Name.Name)
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						switch s := spec.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() {
								assert.True(t, d.Doc != nil || s.Doc != nil, "%s: type %s has no doc comment", dir, s.Name.Name)
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.IsExported() {
									// A documented const/var block documents its members.
									assert.True(t, d.Doc != nil || s.Doc != nil || s.Comment != nil, "%s: %s has no doc comment", dir, n.Name)
								}
							}
						}
					}
				}
			}
		}
		assert.True(t, hasPkgDoc, "%s has no package comment", dir)
	}
}

func exportedRecv(fl *ast.FieldList) bool {
	if len(fl.List) == 0 {
		return false
	}
	typ := fl.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}

// TestEveryComponentHasAnExample: each component package shows itself used alone, as a
// runnable Example with checked output.
func TestEveryComponentHasAnExample(t *testing.T) {
	for _, dir := range libraryDirs(t) {
		if !strings.Contains(dir, "components") {
			continue
		}
		found := false
		for _, f := range parseDir(t, dir, true) {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || !strings.HasPrefix(fd.Name.Name, "Example") {
					continue
				}
				for _, c := range f.Comments {
					if c.Pos() > fd.Pos() && c.End() <= fd.End() && strings.Contains(c.Text(), "Output:") {
						found = true
					}
				}
			}
		}
		assert.True(t, found, "%s has no runnable Example (with an // Output: comment)", dir)
	}
}
