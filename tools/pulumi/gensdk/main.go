// Command gensdk writes the language SDKs of a Pulumi package schema with Pulumi's own code generators (the ones
// `pulumi package gen-sdk` runs through language hosts, which the pinned hosts here predate).
//
//	gensdk SCHEMA.json OUT_DIR nodejs,python,go
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/blang/semver"
)

const tool = "consul-peering gensdk"

func main() {
	if len(os.Args) != 4 {
		fail(fmt.Errorf("usage: gensdk SCHEMA.json OUT_DIR LANGUAGES"))
	}
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		fail(fmt.Errorf("%s: %w", os.Args[1], err))
	}
	for _, language := range strings.Split(os.Args[3], ",") {
		pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
		if err != nil {
			fail(err)
		}
		if diags.HasErrors() {
			fail(diags)
		}
		var files map[string][]byte
		switch language {
		case "nodejs":
			files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, nil)
		case "python":
			files, err = python.GeneratePackage(tool, pkg, nil, nil)
		case "go":
			files, err = gogen.GeneratePackage(tool, pkg, nil)
		default:
			err = fmt.Errorf("unknown language %q", language)
		}
		if err != nil {
			fail(fmt.Errorf("%s: %w", language, err))
		}
		for name, content := range files {
			path := filepath.Join(os.Args[2], language, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				fail(err)
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				fail(err)
			}
		}
		fmt.Printf("%s: %d files\n", language, len(files))
	}
}

// noPackages loads no other package: this package's schema refers to none.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("package %s: the schema may not refer to other packages", name)
}

func (noPackages) LoadPackageV2(_ context.Context, descriptor *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("package %s: the schema may not refer to other packages", descriptor.Name)
}

func (noPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("package %s: the schema may not refer to other packages", name)
}

func (noPackages) LoadPackageReferenceV2(_ context.Context, descriptor *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, fmt.Errorf("package %s: the schema may not refer to other packages", descriptor.Name)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "gensdk: %v\n", err)
	os.Exit(1)
}
