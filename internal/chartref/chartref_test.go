package chartref

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestResolve(t *testing.T) {
	chart, repo := Resolve("https://portkey-ai.github.io/helm", "gateway")
	assert.Equal(t, "gateway", chart)
	assert.Equal(t, "https://portkey-ai.github.io/helm", repo)
	chart, repo = Resolve("oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts/", "gateway")
	assert.Equal(t, "oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts/gateway", chart)
	assert.Empty(t, repo)
}

func TestValidate(t *testing.T) {
	for _, ok := range []string{"https://aws.github.io/eks-charts", "http://127.0.0.1:8080", "oci://registry.example/charts"} {
		assert.NoError(t, Validate(ok), ok)
	}
	for _, bad := range []string{"", "portkey-ai", "ftp://x.example", "https://", "s3://bucket/charts"} {
		assert.Error(t, Validate(bad), bad)
	}
}
