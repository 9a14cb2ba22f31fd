//go:build tools

// Package tools records the Consul main package as a dependency so that
// `go mod tidy` keeps every module it needs in go.mod and go.sum.
package tools

import _ "github.com/hashicorp/consul"
