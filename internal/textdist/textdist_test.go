package textdist

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "abc", 0}, {"t4g.mediun", "t4g.medium", 1}, {"verison", "version", 2}, {"", "abc", 3}, {"kitten", "sitting", 3}} {
		assert.Equal(t, tc.d, Distance(tc.a, tc.b), "%s/%s", tc.a, tc.b)
	}
}

func TestClosest(t *testing.T) {
	names := []string{"network", "cluster", "cache"}
	assert.Equal(t, "network", Closest("netwrok", names, 2))
	assert.Equal(t, "cluster", Closest("CLUSTER", names, 0), "case-insensitive")
	assert.Equal(t, "", Closest("gateway", names, 2))
}
