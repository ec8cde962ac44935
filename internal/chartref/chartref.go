// Package chartref says how a Helm release names its chart when the chart comes from a
// classic HTTP repository or from an OCI registry (such as ECR): the one rule the gateway
// and the AWS Load Balancer Controller components and stack validation share.
package chartref

import (
	"fmt"
	"net/url"
	"strings"
)

// Resolve returns the release's chart and repository for chart name in repo: with an HTTP(S)
// repository the chart is its name and the repository the URL; with an oci:// registry the
// chart is the full oci:// reference and there is no repository.
func Resolve(repo, name string) (chart, repository string) {
	if strings.HasPrefix(repo, "oci://") {
		return strings.TrimSuffix(repo, "/") + "/" + name, ""
	}
	return name, repo
}

// Validate checks a chart repository: an http://, https:// or oci:// URL with a host.
func Validate(repo string) error {
	u, err := url.Parse(repo)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a chart repository URL", repo)
	}
	switch u.Scheme {
	case "https", "http", "oci":
		return nil
	}
	return fmt.Errorf("%q: a chart repository is https://, http:// (a local mirror) or oci:// (a registry such as ECR)", repo)
}
