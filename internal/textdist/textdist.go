// Package textdist finds the closest known name to a misspelt one, for "did you mean"
// messages: the one rule config validation and the components share.
package textdist

import "strings"

// Distance is the Levenshtein edit distance between a and b (bytes).
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Closest returns the name in names closest to s, case-insensitively, when it is at most
// maxDistance edits away; "" otherwise.
func Closest(s string, names []string, maxDistance int) string {
	best, bestD := "", maxDistance+1
	for _, n := range names {
		if d := Distance(strings.ToLower(s), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
