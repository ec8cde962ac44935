package testcluster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// StatusError is a non-2xx answer of the API server.
type StatusError struct {
	// Code is the HTTP status code.
	Code int
	// Reason is the Status object's reason (NotFound, AlreadyExists, Invalid, ...).
	Reason string
	// Message is the Status object's message, or the body when it was not a Status.
	Message string
	// Method and Path are those of the request.
	Method, Path string
}

// Error implements error.
func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: %d %s: %s", e.Method, e.Path, e.Code, e.Reason, e.Message)
}

// IsNotFound reports whether err is the API server's 404.
func IsNotFound(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code == http.StatusNotFound
}

// IsConflict reports whether err is a 409 (AlreadyExists or a resourceVersion conflict).
func IsConflict(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code == http.StatusConflict
}

// HTTPClient returns an HTTP client that trusts the cluster CA and authenticates as the
// cluster admin; requests go to c.Server + path.
func (c *Cluster) HTTPClient() *http.Client { return c.client }

// Do sends method to path (e.g. /api/v1/namespaces) as the cluster admin. body, when not
// nil, is sent as JSON ([]byte as is) with contentType (application/json when empty); out,
// when not nil, receives the decoded JSON answer. A non-2xx answer is a *StatusError.
func (c *Cluster) Do(ctx context.Context, method, path, contentType string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, ok := body.([]byte)
		if !ok {
			var err error
			if b, err = json.Marshal(body); err != nil {
				return err
			}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Server+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		if contentType == "" {
			contentType = "application/json"
		}
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		se := &StatusError{Code: resp.StatusCode, Method: method, Path: path, Message: strings.TrimSpace(string(b))}
		var st struct{ Reason, Message string }
		if json.Unmarshal(b, &st) == nil && st.Message != "" {
			se.Reason, se.Message = st.Reason, st.Message
		}
		return se
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: decode: %w", method, path, err)
		}
	}
	return nil
}

// Get reads the object or list at path into out.
func (c *Cluster) Get(ctx context.Context, path string, out any) error {
	return c.Do(ctx, http.MethodGet, path, "", nil, out)
}

// Create posts obj to the collection at path (e.g. /api/v1/namespaces/x/configmaps).
func (c *Cluster) Create(ctx context.Context, path string, obj any) error {
	return c.Do(ctx, http.MethodPost, path, "", obj, nil)
}

// Apply server-side applies obj at the object path (e.g.
// /apis/apps/v1/namespaces/x/deployments/web) as field manager "testcluster", forcing
// conflicts: what a test does to change an object out of band.
func (c *Cluster) Apply(ctx context.Context, path string, obj any) error {
	return c.Do(ctx, http.MethodPatch, path+"?fieldManager=testcluster&force=true", "application/apply-patch+yaml", obj, nil)
}

// Patch sends a JSON merge patch to the object at path.
func (c *Cluster) Patch(ctx context.Context, path string, patch any) error {
	return c.Do(ctx, http.MethodPatch, path, "application/merge-patch+json", patch, nil)
}

// Delete deletes the object at path (the API server's default propagation: background).
// Deleting what is already gone is not an error.
func (c *Cluster) Delete(ctx context.Context, path string) error {
	err := c.Do(ctx, http.MethodDelete, path, "", nil, nil)
	if IsNotFound(err) {
		return nil
	}
	return err
}

// Exists reports whether the object at path exists.
func (c *Cluster) Exists(ctx context.Context, path string) (bool, error) {
	err := c.Get(ctx, path, nil)
	if IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// WaitFor polls cond every 250ms until it returns true, failing the test with what and the
// last error when timeout passes first. The error cond returns with false says why not yet
// (the object may not exist yet, its status so far) and is reported if the wait times out;
// it is not fatal by itself. A component exiting fails the test at once.
func (c *Cluster) WaitFor(t testing.TB, timeout time.Duration, what string, cond func(ctx context.Context) (bool, error)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var last error
	for {
		for _, p := range c.procs {
			if err := p.exited(); err != nil {
				t.Fatalf("testcluster: waiting for %s: %v", what, err)
			}
		}
		ok, err := cond(ctx)
		if ok {
			return
		}
		last = err
		select {
		case <-ctx.Done():
			t.Fatalf("testcluster: timed out after %s waiting for %s (last error: %v)", timeout, what, last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// CreateNamespace creates namespace name with labels and waits until its default service
// account exists, so pods can be created in it at once.
func (c *Cluster) CreateNamespace(t testing.TB, name string, labels map[string]string) {
	t.Helper()
	ns := map[string]any{
		"apiVersion": "v1", "kind": "Namespace",
		"metadata": map[string]any{"name": name, "labels": labels},
	}
	if err := c.Create(context.Background(), "/api/v1/namespaces", ns); err != nil {
		t.Fatalf("testcluster: create namespace %s: %v", name, err)
	}
	c.WaitFor(t, 30*time.Second, "service account "+name+"/default", func(ctx context.Context) (bool, error) {
		return c.Exists(ctx, "/api/v1/namespaces/"+url.PathEscape(name)+"/serviceaccounts/default")
	})
}
