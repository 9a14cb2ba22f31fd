//go:build tools

// Package tools records the Node.js language host main package so that `go mod tidy` keeps its modules.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
