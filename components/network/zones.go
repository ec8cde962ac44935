package network

import (
	"fmt"
	"slices"
	"strings"
)

// EKSUnsupportedZoneIDs are the availability zone IDs where EKS cannot place a cluster's
// control-plane network interfaces (EKS user guide, "Subnet requirements and
// considerations"; CreateCluster answers UnsupportedAvailabilityZoneException). Zone IDs,
// unlike zone names, are the same in every account.
var EKSUnsupportedZoneIDs = []string{"use1-az3", "usw1-az2", "cac1-az3"}

// PickZones chooses n availability zones of a region for an EKS cluster: the first n of
// names (with ids, the matching zone IDs from getAvailabilityZones) whose ID EKS supports.
// With explicit set, it checks those names instead, in their order. It fails naming the
// zone and its ID when one cannot be used, or when the region has too few usable zones.
func PickZones(names, ids []string, n int, explicit []string) ([]string, error) {
	if len(names) != len(ids) {
		return nil, fmt.Errorf("getAvailabilityZones returned %d names but %d zone IDs", len(names), len(ids))
	}
	idOf := map[string]string{}
	for i, name := range names {
		idOf[name] = ids[i]
	}
	if len(explicit) > 0 {
		for _, az := range explicit {
			id, ok := idOf[az]
			switch {
			case !ok:
				return nil, fmt.Errorf("availability zone %s is not an available, opt-in-free zone of the region (available: %s)", az, strings.Join(names, ", "))
			case slices.Contains(EKSUnsupportedZoneIDs, id):
				return nil, fmt.Errorf("availability zone %s is zone ID %s, where EKS cannot create a cluster: choose another zone", az, id)
			}
		}
		return slices.Clone(explicit), nil
	}
	var usable, skipped []string
	for i, name := range names {
		if slices.Contains(EKSUnsupportedZoneIDs, ids[i]) {
			skipped = append(skipped, name+" ("+ids[i]+")")
			continue
		}
		usable = append(usable, name)
	}
	if len(usable) < n {
		msg := fmt.Sprintf("AzCount %d: the region has only %d availability zones EKS can use (%s)", n, len(usable), strings.Join(usable, ", "))
		if len(skipped) > 0 {
			msg += "; skipped, EKS does not support them: " + strings.Join(skipped, ", ")
		}
		return nil, fmt.Errorf("%s", msg)
	}
	return usable[:n], nil
}
