package network

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPickZones(t *testing.T) {
	names := []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"}
	// An account where us-east-1c is the zone EKS cannot use (use1-az3).
	ids := []string{"use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"}
	tests := []struct {
		name     string
		n        int
		explicit []string
		want     []string
		err      string
	}{
		{name: "first two", n: 2, want: []string{"us-east-1a", "us-east-1b"}},
		{name: "skips use1-az3", n: 3, want: []string{"us-east-1a", "us-east-1b", "us-east-1d"}},
		{name: "all usable", n: 5, want: []string{"us-east-1a", "us-east-1b", "us-east-1d", "us-east-1e", "us-east-1f"}},
		{name: "too many", n: 6, err: "only 5 availability zones EKS can use"},
		{name: "explicit", explicit: []string{"us-east-1f", "us-east-1a"}, want: []string{"us-east-1f", "us-east-1a"}},
		{name: "explicit unsupported", explicit: []string{"us-east-1a", "us-east-1c"}, err: "us-east-1c is zone ID use1-az3, where EKS cannot create a cluster"},
		{name: "explicit unknown", explicit: []string{"us-east-1a", "us-east-1z"}, err: "us-east-1z is not an available"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PickZones(names, ids, tc.n, tc.explicit)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	// Another account maps the names differently: the zone ID decides, not the letter.
	got, err := PickZones(names[:3], []string{"use1-az3", "use1-az1", "use1-az2"}, 2, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"us-east-1b", "us-east-1c"}, got)
	_, err = PickZones(names[:2], ids[:1], 1, nil)
	assert.Error(t, err, "names and IDs must pair up")
}
