package identity

import "github.com/portkey-eks/portkey-eks/iampolicy"

// policyJSON renders one of this package's documents as the role and its inline policies
// carry it: indented by two spaces, the form IAM stores a document in after normalising
// its whitespace. It fails if the document does not pass iampolicy's Validate (among
// others, if it grants a wildcard action).
func policyJSON(d iampolicy.Document) (string, error) {
	if err := d.Validate(); err != nil {
		return "", err
	}
	return d.IndentedJSON()
}
