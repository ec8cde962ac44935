package cluster

import (
	"fmt"
	"slices"
	"strings"

	"github.com/portkey-eks/portkey-eks/internal/textdist"
)

// InstanceType is what this package knows of an EC2 instance type.
type InstanceType struct {
	Name string
	// Arch is ArchArm64 or ArchX86.
	Arch string
	// VCPUs and MemoryMiB are the nominal size, as EC2 DescribeInstanceTypes gives it.
	VCPUs     int
	MemoryMiB int
}

// family describes one EC2 instance family: its architecture, its memory per vCPU and the
// sizes it is sold in. Every type of the families below has memory = vCPUs x the ratio.
type family struct {
	arch        string
	gibPerVCPU  float64
	sizes       []string
	burstTSizes bool // t families: nano..2xlarge with their own table
}

// Sizes and their vCPU counts for the fixed-ratio families.
var sizeVCPUs = map[string]int{
	"medium": 1, "large": 2, "xlarge": 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32,
	"12xlarge": 48, "16xlarge": 64, "24xlarge": 96,
}

// burstable sizes (t3, t3a, t4g): vCPUs and GiB.
var burstable = map[string][2]float64{
	"nano": {2, 0.5}, "micro": {2, 1}, "small": {2, 2}, "medium": {2, 4},
	"large": {2, 8}, "xlarge": {4, 16}, "2xlarge": {8, 32},
}

var (
	upTo16   = []string{"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"}
	upTo24   = append(slices.Clone(upTo16), "24xlarge")
	graviton = append([]string{"medium"}, upTo16...)
)

// families are the EC2 families node groups may use, by name. Sources: the EC2 instance
// type pages (general purpose, compute optimized, memory optimized), checked 2026-11.
var families = map[string]family{
	"t3":  {arch: ArchX86, burstTSizes: true},
	"t3a": {arch: ArchX86, burstTSizes: true},
	"t4g": {arch: ArchArm64, burstTSizes: true},

	"m5": {arch: ArchX86, gibPerVCPU: 4, sizes: upTo24}, "m5a": {arch: ArchX86, gibPerVCPU: 4, sizes: upTo24},
	"m6i": {arch: ArchX86, gibPerVCPU: 4, sizes: upTo24}, "m6a": {arch: ArchX86, gibPerVCPU: 4, sizes: upTo24},
	"m7i": {arch: ArchX86, gibPerVCPU: 4, sizes: upTo24}, "m7a": {arch: ArchX86, gibPerVCPU: 4, sizes: append([]string{"medium"}, upTo24...)},
	"m6g": {arch: ArchArm64, gibPerVCPU: 4, sizes: graviton}, "m7g": {arch: ArchArm64, gibPerVCPU: 4, sizes: graviton},
	"m8g": {arch: ArchArm64, gibPerVCPU: 4, sizes: append(slices.Clone(graviton), "24xlarge")},

	"c5": {arch: ArchX86, gibPerVCPU: 2, sizes: upTo24}, "c5a": {arch: ArchX86, gibPerVCPU: 2, sizes: upTo24},
	"c6i": {arch: ArchX86, gibPerVCPU: 2, sizes: upTo24}, "c6a": {arch: ArchX86, gibPerVCPU: 2, sizes: upTo24},
	"c7i": {arch: ArchX86, gibPerVCPU: 2, sizes: upTo24}, "c7a": {arch: ArchX86, gibPerVCPU: 2, sizes: append([]string{"medium"}, upTo24...)},
	"c6g": {arch: ArchArm64, gibPerVCPU: 2, sizes: graviton}, "c7g": {arch: ArchArm64, gibPerVCPU: 2, sizes: graviton},
	"c6gn": {arch: ArchArm64, gibPerVCPU: 2, sizes: graviton}, "c7gn": {arch: ArchArm64, gibPerVCPU: 2, sizes: graviton},
	"c8g": {arch: ArchArm64, gibPerVCPU: 2, sizes: append(slices.Clone(graviton), "24xlarge")},

	"r5": {arch: ArchX86, gibPerVCPU: 8, sizes: upTo24}, "r5a": {arch: ArchX86, gibPerVCPU: 8, sizes: upTo24},
	"r6i": {arch: ArchX86, gibPerVCPU: 8, sizes: upTo24}, "r6a": {arch: ArchX86, gibPerVCPU: 8, sizes: upTo24},
	"r7i": {arch: ArchX86, gibPerVCPU: 8, sizes: upTo24}, "r7a": {arch: ArchX86, gibPerVCPU: 8, sizes: append([]string{"medium"}, upTo24...)},
	"r6g": {arch: ArchArm64, gibPerVCPU: 8, sizes: graviton}, "r7g": {arch: ArchArm64, gibPerVCPU: 8, sizes: graviton},
	"r8g": {arch: ArchArm64, gibPerVCPU: 8, sizes: append(slices.Clone(graviton), "24xlarge")},
}

// The families with local NVMe storage ("d") have the sizes and ratio of their base family.
func init() {
	for _, base := range []string{"m5", "c5", "r5", "m6i", "c6i", "r6i", "m6g", "c6g", "r6g", "m7g", "c7g", "r7g", "m8g", "c8g", "r8g"} {
		families[base+"d"] = families[base]
	}
}

// LookupInstanceType returns what this package knows of an instance type, and false for a
// type outside its families (see KnownInstanceTypes).
func LookupInstanceType(name string) (InstanceType, bool) {
	fam, size, ok := strings.Cut(name, ".")
	if !ok {
		return InstanceType{}, false
	}
	f, ok := families[fam]
	if !ok {
		return InstanceType{}, false
	}
	if f.burstTSizes {
		b, ok := burstable[size]
		if !ok {
			return InstanceType{}, false
		}
		return InstanceType{Name: name, Arch: f.arch, VCPUs: int(b[0]), MemoryMiB: int(b[1] * 1024)}, true
	}
	if !slices.Contains(f.sizes, size) {
		return InstanceType{}, false
	}
	v := sizeVCPUs[size]
	return InstanceType{Name: name, Arch: f.arch, VCPUs: v, MemoryMiB: int(float64(v) * f.gibPerVCPU * 1024)}, true
}

// KnownInstanceTypes lists every instance type LookupInstanceType knows, sorted.
func KnownInstanceTypes() []string {
	var out []string
	for name, f := range families {
		if f.burstTSizes {
			for size := range burstable {
				out = append(out, name+"."+size)
			}
			continue
		}
		for _, size := range f.sizes {
			out = append(out, name+"."+size)
		}
	}
	slices.Sort(out)
	return out
}

// SuggestInstanceType returns the known instance type closest to name (for "did you mean"),
// or "" when none is close.
func SuggestInstanceType(name string) string {
	return textdist.Closest(name, KnownInstanceTypes(), 2)
}

// ValidateInstanceType checks that name is a known instance type; the error suggests the
// closest one.
func ValidateInstanceType(name string) (InstanceType, error) {
	it, ok := LookupInstanceType(name)
	if ok {
		return it, nil
	}
	if s := SuggestInstanceType(name); s != "" {
		return it, fmt.Errorf("%q is not an EC2 instance type (did you mean %q?)", name, s)
	}
	return it, fmt.Errorf("%q is not an EC2 instance type this program knows (families: %s)", name, strings.Join(knownFamilies(), ", "))
}

func knownFamilies() []string {
	var out []string
	for f := range families {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}
