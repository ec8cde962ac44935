package estimate

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
)

//go:embed data/prices.json
var pricesJSON []byte

//go:embed data/create-times.json
var timesJSON []byte

// Price is one unit price with where it came from.
type Price struct {
	USD    float64 `json:"usd"`
	Unit   string  `json:"unit"`
	Source string  `json:"source"`
	AsOf   string  `json:"asOf"`
}

// Assumption is a usage figure the estimate cannot read from the inventory.
type Assumption struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	About string  `json:"about"`
}

// TypeInfo says whether a resource type costs money on its own.
type TypeInfo struct {
	Billable bool   `json:"billable"`
	About    string `json:"about"`
}

// PriceTable is data/prices.json.
type PriceTable struct {
	About         string                `json:"about"`
	HoursPerMonth float64               `json:"hoursPerMonth"`
	Assumptions   map[string]Assumption `json:"assumptions"`
	Types         map[string]TypeInfo   `json:"types"`
	// Regions maps a region to its prices by key ("nat.hour").
	Regions map[string]map[string]Price `json:"-"`
}

// Prices returns the embedded price table.
func Prices() (*PriceTable, error) {
	var raw struct {
		PriceTable
		Prices map[string]json.RawMessage `json:"prices"`
	}
	if err := json.Unmarshal(pricesJSON, &raw); err != nil {
		return nil, fmt.Errorf("data/prices.json: %w", err)
	}
	t := raw.PriceTable
	t.Regions = map[string]map[string]Price{}
	aliases := map[string]string{}
	for region, msg := range raw.Prices {
		var alias string
		if json.Unmarshal(msg, &alias) == nil {
			var to string
			if _, err := fmt.Sscanf(alias, "same as %s", &to); err != nil {
				return nil, fmt.Errorf("data/prices.json: region %s: %q is neither prices nor \"same as <region>\"", region, alias)
			}
			aliases[region] = to
			continue
		}
		var ps map[string]Price
		if err := json.Unmarshal(msg, &ps); err != nil {
			return nil, fmt.Errorf("data/prices.json: region %s: %w", region, err)
		}
		t.Regions[region] = ps
	}
	for region, to := range aliases {
		ps, ok := t.Regions[to]
		if !ok {
			return nil, fmt.Errorf("data/prices.json: region %s is the same as %s, which has no prices", region, to)
		}
		t.Regions[region] = ps
	}
	return &t, nil
}

// RegionNames lists the regions the table prices, sorted.
func (t *PriceTable) RegionNames() []string {
	var out []string
	for r := range t.Regions {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// CreateTime is the typical create time of one resource type.
type CreateTime struct {
	// Label names the type in a path ("EKS cluster").
	Label   string  `json:"label"`
	Minutes float64 `json:"minutes"`
	Range   string  `json:"range"`
	Source  string  `json:"source"`
}

// TimeTable is data/create-times.json.
type TimeTable struct {
	About          string                `json:"about"`
	DefaultMinutes float64               `json:"defaultMinutes"`
	SlowMinutes    float64               `json:"slowMinutes"`
	Types          map[string]CreateTime `json:"types"`
	// MustNotGate names the types that need only the network (or nothing), with the
	// reason: one on the critical path that could not start in the first SlowMinutes
	// waited on something slow it does not need.
	MustNotGate struct {
		About string            `json:"about"`
		Types map[string]string `json:"types"`
	} `json:"mustNotGate"`
	// RemoteChildren lists, per remote component type, the child types synth's mocks
	// register beside it that the component's create time already covers.
	RemoteChildren struct {
		About string              `json:"about"`
		Types map[string][]string `json:"types"`
	} `json:"remoteChildren"`
}

// Times returns the embedded create-time table.
func Times() (*TimeTable, error) {
	var t TimeTable
	if err := json.Unmarshal(timesJSON, &t); err != nil {
		return nil, fmt.Errorf("data/create-times.json: %w", err)
	}
	return &t, nil
}

// minutes is the typical create time of r: none for a component, the table's figure for
// its type, else the default.
func (t *TimeTable) minutes(r Resource) float64 {
	if r.isComponent() {
		return 0
	}
	if ct, ok := t.Types[r.Type]; ok {
		return ct.Minutes
	}
	return t.DefaultMinutes
}
