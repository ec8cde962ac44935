package synth

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/portkey-eks/portkey-eks/stacks/estimate"
)

// Estimates is what WriteEstimates computed and wrote.
type Estimates struct {
	Cost *estimate.Cost
	Plan *estimate.Plan
	// Files are the files written, relative to the directory.
	Files []string
}

// EstimateResources returns the inventory as package estimate reads it. Each Helm
// release carries its values as synth shows them (whole, secret leaves masked), so a
// release whose values are one secret still shows, for instance, whether it has an ALB
// Ingress.
func EstimateResources(res *Result) ([]estimate.Resource, error) {
	b, err := json.Marshal(res.Resources)
	if err != nil {
		return nil, err
	}
	out, err := estimate.ParseInventory(b)
	if err != nil {
		return nil, err
	}
	for i, r := range res.Resources {
		if r.Type == HelmReleaseType && r.Inputs["values"] == Masked {
			v, err := json.Marshal(res.HelmValues(r))
			if err != nil {
				return nil, fmt.Errorf("values of %s: %w", r.URN, err)
			}
			var plain any
			if err := json.Unmarshal(v, &plain); err != nil {
				return nil, err
			}
			out[i].Inputs["values"] = plain
		}
	}
	return out, nil
}

// WriteEstimates writes, beside what Write writes, cost.json (the itemised monthly cost
// of the stack's region under the data file's usage assumptions, changed by assume),
// deploy-time.json (the cold-deploy critical path) and outputs.json (the stack outputs,
// secrets masked), and returns the cost and the plan.
func WriteEstimates(res *Result, dir string, assume map[string]float64) (*Estimates, error) {
	inv, err := EstimateResources(res)
	if err != nil {
		return nil, err
	}
	prices, err := estimate.Prices()
	if err != nil {
		return nil, err
	}
	cost, err := estimate.EstimateCost(prices, inv, res.Region, assume)
	if err != nil {
		return nil, err
	}
	times, err := estimate.Times()
	if err != nil {
		return nil, err
	}
	plan, err := estimate.DeployTime(times, inv)
	if err != nil {
		return nil, err
	}
	e := &Estimates{Cost: cost, Plan: plan}
	for _, f := range []struct {
		name string
		v    any
	}{{"cost.json", cost}, {"deploy-time.json", plan}, {"outputs.json", res.Outputs}} {
		b, err := json.MarshalIndent(f.v, "", "  ")
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), append(b, '\n'), 0o644); err != nil {
			return nil, err
		}
		e.Files = append(e.Files, f.name)
	}
	return e, nil
}
