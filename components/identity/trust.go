package identity

import (
	"fmt"
	"strings"

	"github.com/portkey-eks/portkey-eks/iampolicy"
	"github.com/portkey-eks/portkey-eks/validate"
)

// Service principal, actions and statement ID of the EKS Pod Identity trust, as the install
// guide writes them.
const (
	PodIdentityPrincipal = "pods.eks.amazonaws.com"
	PodIdentitySid       = "AllowEksAuthToAssumeRoleForPodIdentity"
	// STSAudience is the audience EKS puts in projected service-account tokens.
	STSAudience = "sts.amazonaws.com"
)

// IRSATrustPolicy returns the trust document of a role assumed through IAM roles for
// service accounts: the cluster's OIDC provider as federated principal,
// sts:AssumeRoleWithWebIdentity, and StringEquals on the token's audience
// (sts.amazonaws.com) and subject (system:serviceaccount:<namespace>:<name>).
//
// oidcProviderArn is the IAM OIDC provider's ARN; issuer is the cluster's OIDC issuer,
// with or without "https://" (empty: taken from the provider ARN). With one service
// account the document is exactly the install guide's; with several, the subject
// condition lists them all (any one matches).
func IRSATrustPolicy(oidcProviderArn, issuer, namespace string, serviceAccounts []string) (iampolicy.Document, error) {
	if err := validate.OIDCProviderARN(oidcProviderArn); err != nil {
		return iampolicy.Document{}, fmt.Errorf("OIDC provider ARN %w", err)
	}
	_, providerIssuer, _ := strings.Cut(oidcProviderArn, ":oidc-provider/")
	issuer = trimIssuer(issuer)
	if issuer == "" {
		issuer = providerIssuer
	}
	if issuer != providerIssuer {
		return iampolicy.Document{}, fmt.Errorf("OIDC issuer %q is not the one of provider %q", issuer, oidcProviderArn)
	}
	if err := checkServiceAccounts(namespace, serviceAccounts); err != nil {
		return iampolicy.Document{}, err
	}
	subjects := make([]string, len(serviceAccounts))
	for i, sa := range serviceAccounts {
		subjects[i] = ServiceAccountSubject(namespace, sa)
	}
	sub := iampolicy.List(subjects...)
	if len(subjects) == 1 {
		sub = iampolicy.One(subjects[0])
	}
	return iampolicy.New(iampolicy.Statement{
		Effect:    iampolicy.Allow,
		Principal: iampolicy.FederatedPrincipal(oidcProviderArn),
		Action:    iampolicy.One(iampolicy.ActionAssumeRoleWithWebIdentity),
		Condition: map[string]map[string]iampolicy.Strings{
			"StringEquals": {
				issuer + ":aud": iampolicy.One(STSAudience),
				issuer + ":sub": sub,
			},
		},
	}), nil
}

// PodIdentityTrustPolicy returns the trust document of a role assumed through EKS Pod
// Identity, exactly as the install guide writes it: the pods.eks.amazonaws.com service
// principal with sts:AssumeRole and sts:TagSession. Which service accounts may use the
// role is decided by the Pod Identity associations, not by this document.
func PodIdentityTrustPolicy() iampolicy.Document {
	return iampolicy.New(iampolicy.ServiceAssumeRole(PodIdentitySid, PodIdentityPrincipal,
		iampolicy.List(iampolicy.ActionAssumeRole, iampolicy.ActionTagSession)))
}

// ServiceAccountSubject is the subject of a service account's token:
// system:serviceaccount:<namespace>:<name>.
func ServiceAccountSubject(namespace, serviceAccount string) string {
	return "system:serviceaccount:" + namespace + ":" + serviceAccount
}

// checkServiceAccounts validates a namespace and a non-empty list of distinct service
// account names against the Kubernetes naming rules.
func checkServiceAccounts(namespace string, serviceAccounts []string) error {
	if err := validate.Namespace(namespace); err != nil {
		return fmt.Errorf("namespace %w", err)
	}
	if len(serviceAccounts) == 0 {
		return fmt.Errorf("no service account: name at least one")
	}
	seen := map[string]bool{}
	for _, sa := range serviceAccounts {
		if err := validate.ServiceAccountName(sa); err != nil {
			return fmt.Errorf("service account %w", err)
		}
		if seen[sa] {
			return fmt.Errorf("service account %q is listed twice", sa)
		}
		seen[sa] = true
	}
	return nil
}

// trimIssuer removes the scheme and trailing slash from an OIDC issuer URL.
func trimIssuer(issuer string) string {
	return strings.TrimSuffix(strings.TrimPrefix(issuer, "https://"), "/")
}
