package stacks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/portkey-eks/portkey-eks/components/cluster"
)

// EKSVersion is one Kubernetes minor version Amazon EKS offers, with its dates (UTC,
// YYYY-MM-DD) from the EKS release calendar.
type EKSVersion struct {
	// Version is the Kubernetes minor version, such as "1.35".
	Version string
	// Released is the day EKS released it.
	Released string
	// EndOfStandardSupport is the first day EKS bills the version at the extended-support
	// rate.
	EndOfStandardSupport string
	// EndOfExtendedSupport is the day EKS stops offering it and upgrades clusters itself.
	EndOfExtendedSupport string
}

// EKSVersionsAsOf is the day EKSVersions was last checked against EKSVersionsSource: a
// version is offered on that day when its extended support has not ended. Re-check and
// bump both when a version is added (a reviewed change, with the add-on table of
// components/cluster).
const EKSVersionsAsOf = "2026-12-02"

// EKSVersionsSource is where EKSVersions comes from.
const EKSVersionsSource = "the Amazon EKS release calendar, https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (also `aws eks describe-cluster-versions`)"

// EKSVersions are the Kubernetes versions EKS offers as of EKSVersionsAsOf, newest first.
// 1.31 left extended support on 2026-11-26 and is not offered. 1.36 is not listed: its EKS
// release could not be confirmed from here; add it with its dates once it is.
var EKSVersions = []EKSVersion{
	{Version: "1.35", Released: "2026-01-27", EndOfStandardSupport: "2027-03-27", EndOfExtendedSupport: "2028-03-27"},
	{Version: "1.34", Released: "2025-10-02", EndOfStandardSupport: "2026-12-02", EndOfExtendedSupport: "2027-12-02"},
	{Version: "1.33", Released: "2025-05-29", EndOfStandardSupport: "2026-07-29", EndOfExtendedSupport: "2027-07-29"},
	{Version: "1.32", Released: "2025-01-23", EndOfStandardSupport: "2026-03-23", EndOfExtendedSupport: "2027-03-23"},
}

// SupportedKubernetesVersions are the versions cluster.version accepts, each with its end of
// EKS standard support (after which EKS charges for extended support): those EKSVersions
// offers on EKSVersionsAsOf and for which cluster.AddonVersionTable pins the add-ons (the
// program never resolves an add-on version at deploy time). 1.32 is offered, in extended
// support, but has no add-on pins: no stack of this program ever ran it, and a new cluster
// should not start in extended support.
var SupportedKubernetesVersions = func() map[string]string {
	m := map[string]string{}
	for _, v := range EKSVersions {
		if _, pinned := cluster.AddonVersionTable[v.Version]; pinned && v.Offered(EKSVersionsAsOf) {
			m[v.Version] = v.EndOfStandardSupport
		}
	}
	return m
}()

// Offered reports whether EKS still offers the version on day (YYYY-MM-DD).
func (v EKSVersion) Offered(day string) bool {
	return day >= v.Released && day < v.EndOfExtendedSupport
}

// Support names the version's support on day: "standard", "extended" or "ended".
func (v EKSVersion) Support(day string) string {
	switch {
	case day < v.EndOfStandardSupport:
		return "standard"
	case day < v.EndOfExtendedSupport:
		return "extended"
	}
	return "ended"
}

// LookupEKSVersion returns the row of EKSVersions for version.
func LookupEKSVersion(version string) (EKSVersion, bool) {
	i := slices.IndexFunc(EKSVersions, func(v EKSVersion) bool { return v.Version == version })
	if i < 0 {
		return EKSVersion{}, false
	}
	return EKSVersions[i], true
}

// offeredVersionsText lists the offered versions with their support, for the allowed part
// of a cluster.version problem.
func offeredVersionsText() string {
	var parts []string
	for _, v := range EKSVersions {
		if _, ok := SupportedKubernetesVersions[v.Version]; !ok {
			continue
		}
		switch v.Support(EKSVersionsAsOf) {
		case "standard":
			parts = append(parts, fmt.Sprintf("%s (standard support until %s)", v.Version, v.EndOfStandardSupport))
		default:
			parts = append(parts, fmt.Sprintf("%s (extended support, billed at the extended rate, until %s)", v.Version, v.EndOfExtendedSupport))
		}
	}
	return strings.Join(parts, ", ") + "; EKS versions as of " + EKSVersionsAsOf + ", from " + EKSVersionsSource
}

// minor parses "1.35" into 1, 35.
func minor(version string) (major, minor int, ok bool) {
	a, b, found := strings.Cut(version, ".")
	if !found {
		return 0, 0, false
	}
	x, err1 := strconv.Atoi(a)
	y, err2 := strconv.Atoi(b)
	return x, y, err1 == nil && err2 == nil
}

// CheckKubernetesUpgrade says what is wrong with moving a cluster from version current (as
// EKS reports it, such as "1.33") to version want: EKS updates a control plane one minor
// version at a time and never downgrades it. Equal versions, and an unknown current version,
// are fine. The error names cluster.version and the next allowed step.
func CheckKubernetesUpgrade(current, want string) *Problem {
	cMaj, cMin, ok1 := minor(current)
	wMaj, wMin, ok2 := minor(want)
	if !ok1 || !ok2 || current == want {
		return nil
	}
	next := fmt.Sprintf("%d.%d", cMaj, cMin+1)
	switch {
	case wMaj != cMaj || wMin > cMin+1:
		return &Problem{Key: "cluster.version", Value: show(want), Allowed: fmt.Sprintf("%q or %q (one minor version at a time: run up with %s, then with the next)", current, next, next),
			Message: fmt.Sprintf("jumps from the cluster's current version %s by more than one minor version, which EKS refuses", current)}
	case wMin < cMin:
		return &Problem{Key: "cluster.version", Value: show(want), Allowed: fmt.Sprintf("%q or %q", current, next),
			Message: fmt.Sprintf("is older than the cluster's current version %s: EKS cannot downgrade a cluster", current)}
	}
	return nil
}
