// Package readmesteps reads the `pulumi config` steps README.md gives each stack, so that
// tests can configure a stack exactly as a user following README would.
package readmesteps

import (
	"os"
	"regexp"
	"strings"
)

// ConfigSteps returns, in order, every `pulumi config ...` line of the shell blocks of the
// README at readmePath that targets stack (ends in `-s <stack>`).
func ConfigSteps(readmePath, stack string) ([]string, error) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		return nil, err
	}
	var steps []string
	inBlock := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "```") {
			inBlock = !inBlock
			continue
		}
		line = strings.TrimSpace(line)
		if inBlock && strings.HasPrefix(line, "pulumi config ") && strings.HasSuffix(line, "-s "+stack) {
			steps = append(steps, line)
		}
	}
	return steps, nil
}

// placeholder matches README's <...> placeholders.
var placeholder = regexp.MustCompile(`<[^>]+>`)

// SecretValue is what FillPlaceholder gives every secret README leaves to the user (the
// values Portkey sends).
const SecretValue = "Xy7-secret-value-0123456789abcdef"

// FillPlaceholder gives each README placeholder of step a value of the right shape (never a
// documentation range, which the program refuses).
func FillPlaceholder(step string) string {
	return placeholder.ReplaceAllStringFunc(step, func(p string) string {
		switch {
		case strings.Contains(p, "org-id"):
			return "org-e2e-42"
		case strings.Contains(p, "cidr"):
			return "100.64.7.0/24"
		case strings.Contains(p, "account"):
			return "111122223333"
		default: // a secret from Portkey
			return SecretValue
		}
	})
}
