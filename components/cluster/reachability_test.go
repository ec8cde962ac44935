package cluster

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIReachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	check := APIReachable(time.Second, 200*time.Millisecond, "set cluster.privateAccessCidrs")
	assert.NoError(t, check("https://"+ln.Addr().String()))

	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := closed.Addr().String()
	require.NoError(t, closed.Close())
	start := time.Now()
	err = check("https://" + addr)
	require.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second, "gives up after its budget")
	assert.Contains(t, err.Error(), APIUnreachablePrefix)
	assert.Contains(t, err.Error(), "https://"+addr)
	assert.Contains(t, err.Error(), "set cluster.privateAccessCidrs", "the hint names the keys")

	assert.ErrorContains(t, check("::not a url"), APIUnreachablePrefix)
}

func TestHostPortAndKubeconfigServer(t *testing.T) {
	hp, err := hostPort("https://ABC.gr7.us-east-1.eks.amazonaws.com")
	require.NoError(t, err)
	assert.Equal(t, "ABC.gr7.us-east-1.eks.amazonaws.com:443", hp)
	hp, err = hostPort("https://127.0.0.1:6443")
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:6443", hp)

	s, err := KubeconfigServer(`{"apiVersion":"v1","clusters":[{"cluster":{"server":"https://x.example:443","certificate-authority-data":"Zm9v"},"name":"c"}]}`)
	require.NoError(t, err)
	assert.Equal(t, "https://x.example:443", s)
	_, err = KubeconfigServer(`{"clusters":[]}`)
	assert.Error(t, err)
	_, err = KubeconfigServer(`not json`)
	assert.Error(t, err)
}
