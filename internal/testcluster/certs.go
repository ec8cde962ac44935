package testcluster

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// pki is the throwaway key material of one cluster, written as PEM files under dir.
type pki struct {
	caCert   *x509.Certificate
	caKey    crypto.Signer
	caPEM    []byte
	adminPEM []byte // admin client certificate
	adminKey []byte // its key, PKCS#8 PEM

	caFile, caKeyFile         string
	servingFile, servingKey   string
	saPublicFile, saKeyFile   string
	adminFile, adminKeyFile   string
	proxyFile, proxyKeyFile   string
	tokenFile, adminTokenText string
}

// newPKI creates a CA, the API server's serving certificate (for the loopback address and
// the in-cluster names of the kubernetes Service, including serviceIP), an admin client
// certificate in system:masters, the front proxy's client certificate, a service-account
// signing key pair and a static token file holding token for the same admin.
func newPKI(dir string, serviceIP net.IP, token string) (*pki, error) {
	p := &pki{}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now().Add(-time.Hour)
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "testcluster-ca"},
		NotBefore:             now,
		NotAfter:              now.Add(10 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	if p.caCert, err = x509.ParseCertificate(caDER); err != nil {
		return nil, err
	}
	p.caKey = caKey
	p.caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	caKeyPEM, err := keyPEM(caKey)
	if err != nil {
		return nil, err
	}

	servingPEM, servingKeyPEM, err := p.issue(2, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "kube-apiserver"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), serviceIP},
	})
	if err != nil {
		return nil, err
	}
	p.adminPEM, p.adminKey, err = p.issue(3, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "kubernetes-admin", Organization: []string{"system:masters"}},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		return nil, err
	}

	// The aggregation layer's client (kube-apiserver --proxy-client-cert-file): with it the
	// API server publishes the request-header CA that the controller-manager's and
	// scheduler's delegated authentication read, and aggregated APIs work.
	proxyPEM, proxyKeyPEM, err := p.issue(4, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "front-proxy-client"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		return nil, err
	}

	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	saKeyPEM, err := keyPEM(saKey)
	if err != nil {
		return nil, err
	}
	saPubDER, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return nil, err
	}
	saPubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: saPubDER})

	p.adminTokenText = token
	files := []struct {
		path *string
		name string
		data []byte
	}{
		{&p.caFile, "ca.crt", p.caPEM},
		{&p.caKeyFile, "ca.key", caKeyPEM},
		{&p.servingFile, "apiserver.crt", servingPEM},
		{&p.servingKey, "apiserver.key", servingKeyPEM},
		{&p.adminFile, "admin.crt", p.adminPEM},
		{&p.adminKeyFile, "admin.key", p.adminKey},
		{&p.proxyFile, "front-proxy-client.crt", proxyPEM},
		{&p.proxyKeyFile, "front-proxy-client.key", proxyKeyPEM},
		{&p.saKeyFile, "sa.key", saKeyPEM},
		{&p.saPublicFile, "sa.pub", saPubPEM},
		// token,user,uid,"group"
		{&p.tokenFile, "tokens.csv", fmt.Appendf(nil, "%s,kubernetes-admin,kubernetes-admin,\"system:masters\"\n", token)},
	}
	for _, f := range files {
		*f.path = filepath.Join(dir, f.name)
		if err := os.WriteFile(*f.path, f.data, 0o600); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// issue signs tmpl (given a fresh P-256 key) with the CA and returns certificate and key PEM.
func (p *pki) issue(serial int64, tmpl *x509.Certificate) (certPEM, key []byte, err error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl.SerialNumber = big.NewInt(serial)
	tmpl.NotBefore = p.caCert.NotBefore
	tmpl.NotAfter = p.caCert.NotAfter
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.caCert, &k.PublicKey, p.caKey)
	if err != nil {
		return nil, nil, err
	}
	key, err = keyPEM(k)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), key, nil
}

// keyPEM encodes a private key as PKCS#8 PEM, which every component here reads.
func keyPEM(k crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}
