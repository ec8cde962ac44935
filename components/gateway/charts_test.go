package gateway

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChartImagesTable checks the table's facts for chart 1.7.7 against the chart itself
// (its Chart.yaml appVersion, its values.yaml images; docs/gateway-chart.md, trap 11): the data
// service has its own version line.
func TestChartImagesTable(t *testing.T) {
	im, ok := ChartImages("1.7.7")
	require.True(t, ok)
	assert.Equal(t, ShippedImages{Gateway: "2.13.0", DataService: "1.9.0", Redis: "7.2-alpine"}, im)
	assert.NotEqual(t, im.Gateway, im.DataService, "never default one image's tag from the other's")
	_, ok = ChartImages("9.9.9")
	assert.False(t, ok)
	assert.Contains(t, KnownChartVersions(), DefaultChartVersion, "the default chart must be in the table")
}

func TestImagesForChart(t *testing.T) {
	for _, v := range KnownChartVersions() {
		shipped, _ := ChartImages(v)
		got, err := ImagesForChart(v, Images{})
		require.NoError(t, err, v)
		assert.Equal(t, shipped.Gateway, got.GatewayTag, v)
		assert.Equal(t, shipped.DataService, got.DataServiceTag, v)
		assert.Equal(t, shipped.Redis, got.RedisTag, v)
	}
	got, err := ImagesForChart(DefaultChartVersion, Images{GatewayTag: "2.16.0"})
	require.NoError(t, err)
	assert.Equal(t, "2.16.0", got.GatewayTag, "a pinned tag wins over the table")
	shipped, _ := ChartImages(DefaultChartVersion)
	assert.Equal(t, shipped.DataService, got.DataServiceTag)

	_, err = ImagesForChart("1.8.0", Images{GatewayTag: "2.16.0"})
	assert.ErrorContains(t, err, "chart 1.8.0 is not in the table")
	assert.ErrorContains(t, err, "DataServiceTag, RedisTag")
	_, err = ImagesForChart("1.8.0", Images{GatewayTag: "2.16.0", DataServiceTag: "1.9.0", RedisTag: "7.2-alpine"})
	assert.NoError(t, err, "an unknown chart works when every tag is pinned")

	d := DefaultImages()
	assert.Equal(t, shipped.Gateway, d.GatewayTag)
	assert.Equal(t, shipped.DataService, d.DataServiceTag)
}
