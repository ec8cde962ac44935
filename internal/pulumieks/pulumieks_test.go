package pulumieks

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The stand-ins' pulumi-eks roles carry the trust documents pulumi-eks v2.8.1 writes, byte
// for byte (the cluster role's action a list, the instance role's a string).
func TestTrustDocuments(t *testing.T) {
	assert.Equal(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`, ClusterRoleTrust())
	assert.Equal(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, InstanceRoleTrust())
}
