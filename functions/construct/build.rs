//! Converts `infra/openapi.yaml` to JSON in `OUT_DIR`, so the function serves the description
//! without a YAML parser in its binary. Keys keep their order in the YAML file.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let source = manifest_dir.join("../../infra/openapi.yaml");
    println!("cargo:rerun-if-changed={}", source.display());

    let text = fs::read_to_string(&source)
        .unwrap_or_else(|error| panic!("reading {} failed: {error}", source.display()));
    let description: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not valid YAML: {error}", source.display()));
    let json = serde_json::to_vec(&description).unwrap_or_else(|error| {
        panic!(
            "{} does not convert to JSON: {error}; keys must be strings",
            source.display()
        )
    });

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets it"));
    let target = out_dir.join("openapi.json");
    fs::write(&target, json)
        .unwrap_or_else(|error| panic!("writing {} failed: {error}", target.display()));
}
