package gateway

import (
	"fmt"
	"slices"
	"strings"
)

// ShippedImages are the image tags one version of the gateway chart ships: what its
// values.yaml and appVersion pin. The gateway and the data service have separate version
// lines (docs/gateway-chart.md, trap 11): never default one from the other.
type ShippedImages struct {
	// Gateway is the docker.io/portkeyai/gateway_enterprise tag (the chart's appVersion).
	Gateway string
	// DataService is the docker.io/portkeyai/data-service tag.
	DataService string
	// Redis is the built-in Redis image tag (docker.io/redis).
	Redis string
}

// chartImages is the one table of what each supported chart version ships, keyed by chart
// version. A chart bump adds a row here after reading that chart's values.yaml and
// Chart.yaml; every image default in the program comes from this table.
var chartImages = map[string]ShippedImages{
	"1.7.7": {Gateway: "2.13.0", DataService: "1.9.0", Redis: "7.2-alpine"},
}

// ChartImages returns the image tags that gateway chart version ships, and false when the
// version is not in the table (then every tag must be pinned explicitly).
func ChartImages(chartVersion string) (ShippedImages, bool) {
	im, ok := chartImages[chartVersion]
	return im, ok
}

// KnownChartVersions lists the chart versions whose images are in the table, sorted.
func KnownChartVersions() []string {
	vs := make([]string, 0, len(chartImages))
	for v := range chartImages {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// ImagesForChart returns im with every empty tag filled from what chartVersion ships. It
// fails, naming the tags, when one is empty and the chart version is not in the table.
func ImagesForChart(chartVersion string, im Images) (Images, error) {
	shipped, known := ChartImages(chartVersion)
	var missing []string
	for _, t := range []struct {
		tag  *string
		def  string
		name string
	}{
		{&im.GatewayTag, shipped.Gateway, "GatewayTag"},
		{&im.DataServiceTag, shipped.DataService, "DataServiceTag"},
		{&im.RedisTag, shipped.Redis, "RedisTag"},
	} {
		if *t.tag != "" {
			continue
		}
		if !known {
			missing = append(missing, t.name)
			continue
		}
		*t.tag = t.def
	}
	if len(missing) > 0 {
		return im, fmt.Errorf("chart %s is not in the table of shipped images (known: %s): pin %s", chartVersion, strings.Join(KnownChartVersions(), ", "), strings.Join(missing, ", "))
	}
	return im, nil
}
