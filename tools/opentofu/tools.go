//go:build tools

// Package tools records the OpenTofu CLI's main package as a dependency so that
// `go mod tidy` keeps every module it needs in go.mod and go.sum.
package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
