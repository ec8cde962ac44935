// Package estimate answers, from a synthesised inventory and without any cloud access, the
// three questions a reviewer asks before `pulumi up`: what the stack costs per month
// (Cost), how long a cold deploy takes and what bounds it (DeployTime), and what to send
// the Portkey team once it is up (Handoff).
//
// It is pure: no Pulumi, no network. It reads the inventory synth writes (Resource is
// the subset of synth.Resource it needs, with the same JSON names) and two data files
// embedded from data/: prices.json (unit prices with source and date, the usage
// assumptions, and whether each resource type is billable) and create-times.json (typical
// create times per resource type, with sources).
package estimate
