package validate_test

import (
	"errors"
	"fmt"

	"github.com/portkey-eks/portkey-eks/validate"
)

// A caller prefixes the rule's error with its own name for the value.
func Example() {
	fmt.Println(validate.Namespace("1abc"))
	if err := validate.KMSKeyARN("arn:aws:kms:us-east-1:123456789012:alias/logs"); err != nil {
		fmt.Println("logStore.kmsKeyArn:", err)
	}
	var ve *validate.Error
	if errors.As(validate.Region("useast1"), &ve) {
		fmt.Printf("%s %s; allowed: %s\n", ve.Value, ve.Problem, ve.Allowed)
	}
	// Output:
	// <nil>
	// logStore.kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/logs" is not a KMS key ARN (want a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<uuid>, or key/mrk-<32 hex> for a multi-Region key)
	// useast1 is not an AWS region; allowed: an AWS region such as us-east-1
}
