// Package provider is the logic of the fake AWS and EKS Pulumi resource providers that let
// the real Pulumi engine run the real portkey-eks program on one machine with no cloud.
//
// The binaries built from tests/fakecloud/cmd (pulumi-resource-aws, pulumi-resource-eks)
// serve these providers over the provider gRPC protocol; the engine picks them up from
// $PATH in place of the real plugins.
//
//   - AWS accepts every aws:* resource type and function the program uses (see Types and
//     Invokes), refuses an unknown type or a missing required input, and answers Create
//     with the inputs plus the attributes AWS computes (IDs, ARNs, endpoints), all derived
//     from a hash of the resource's URN so that a second `up` and a `refresh` change
//     nothing. It keeps no state of its own: Read returns the state it is given.
//   - EKS implements Construct for the remote components eks:index:Cluster and
//     eks:index:ManagedNodeGroup: it registers real aws:* child resources through the
//     engine (so the fake AWS provider creates them) and returns the outputs the program
//     reads, resource-typed outputs as references to those children. The cluster's
//     kubeconfig is read from the file named by $FAKECLOUD_KUBECONFIG (the loopback control
//     plane's), or points at https://127.0.0.1:1 when that is unset.
package provider
