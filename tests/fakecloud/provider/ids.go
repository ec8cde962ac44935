package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Account is the AWS account ID of every fake ARN.
const Account = "123456789012"

// DefaultRegion is the region used when neither aws:region nor AWS_REGION is set.
const DefaultRegion = "us-east-1"

// Hex returns n lowercase hex digits derived from seed (n <= 64).
func Hex(seed string, n int) string {
	sum := sha256.Sum256([]byte(seed))
	h := hex.EncodeToString(sum[:])
	for len(h) < n {
		next := sha256.Sum256([]byte(h))
		h += hex.EncodeToString(next[:])
	}
	return h[:n]
}

// Digits returns n decimal digits derived from seed.
func Digits(seed string, n int) string {
	sum := sha256.Sum256([]byte(seed))
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteByte('0' + sum[i%len(sum)]%10)
	}
	return b.String()
}

// UUID returns a version-4-shaped UUID derived from seed.
func UUID(seed string) string {
	h := Hex(seed, 32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// Upper returns n uppercase alphanumeric characters derived from seed (IAM unique IDs,
// EKS endpoint IDs).
func Upper(seed string, n int) string {
	return strings.ToUpper(Hex(seed, n))
}
