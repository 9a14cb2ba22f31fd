//go:build tools

// Package tools records the Node.js and Python language host main packages so that `go mod tidy` keeps their modules.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
	_ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
)
