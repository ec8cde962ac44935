// Package pulumieks holds facts about what pulumi-eks v2.8.1 creates that the two stand-ins
// for it (the synth mocks in stacks/synth and the fake provider plugin in tests/fakecloud)
// must both reproduce, so they cannot drift apart.
package pulumieks

import "github.com/portkey-eks/portkey-eks/iampolicy"

// Version is the pulumi-eks release the stand-ins imitate (go.mod pins its SDK).
const Version = "2.8.1"

// ClusterRoleTrust is the trust document of the cluster role pulumi-eks creates
// (eks.amazonaws.com may assume and tag it), as pulumi-eks writes it.
func ClusterRoleTrust() string {
	return mustJSON(iampolicy.New(iampolicy.ServiceAssumeRole("", "eks.amazonaws.com", iampolicy.List(iampolicy.ActionAssumeRole, iampolicy.ActionTagSession))))
}

// InstanceRoleTrust is the trust document of the instance role pulumi-eks creates
// (ec2.amazonaws.com, its action a single string), as pulumi-eks writes it.
func InstanceRoleTrust() string {
	return mustJSON(iampolicy.New(iampolicy.ServiceAssumeRole("", "ec2.amazonaws.com", iampolicy.One(iampolicy.ActionAssumeRole))))
}

// mustJSON renders a fixed document; it cannot fail for the documents above.
func mustJSON(d iampolicy.Document) string {
	s, err := d.JSON()
	if err != nil {
		panic("pulumieks: " + err.Error())
	}
	return s
}
