// Command etcd is etcd v3.6.16 for the real-cluster tests (internal/testcluster).
//
// go.etcd.io/etcd/server/v3 ships the server as the etcdmain package but no main package
// of its own (the release binary's main lives in the go.etcd.io/etcd/v3 module, which pulls
// in etcdctl and etcdutl too), so this is the one-line main the release binary has.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
