//! The fixture images in `testdata/charts/` and the workspace paths around them.

use std::path::PathBuf;

/// An 800 x 600 PNG rendered by chart-img.com, 87,354 bytes.
pub const PNG_NAME: &str = "eth-1h-chart-img-800x600.png";
/// A 1080 x 2340 JPEG screenshot of a chart, 666,023 bytes.
pub const JPEG_NAME: &str = "telegram-chart-screenshot-1080x2340.jpg";

/// Returns the workspace root, the parent of this crate's folder.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .expect("test-support sits inside the workspace")
        .to_path_buf()
}

/// Returns the path of a file under `testdata/`.
pub fn testdata(relative: &str) -> PathBuf {
    workspace_root().join("testdata").join(relative)
}

pub fn png_path() -> PathBuf {
    testdata(&format!("charts/{PNG_NAME}"))
}

pub fn jpeg_path() -> PathBuf {
    testdata(&format!("charts/{JPEG_NAME}"))
}

pub fn png() -> Vec<u8> {
    read(png_path())
}

pub fn jpeg() -> Vec<u8> {
    read(jpeg_path())
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}
