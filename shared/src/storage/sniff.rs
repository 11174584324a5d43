//! Recognises the stored image formats from their bytes. A content type that the client claims
//! is never consulted: the bytes decide the format, the `Content-Type` and the key's extension.
//! PNG, JPEG and WebP are accepted when their header can be read and gives non-zero
//! dimensions. Everything else, SVG and HTML included, is rejected with the format it looks
//! like, so that the caller knows what was received.

use super::error::ImageError;

/// An image format that is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    Png,
    Jpeg,
    Webp,
}

impl ImageKind {
    pub const ALL: [ImageKind; 3] = [ImageKind::Png, ImageKind::Jpeg, ImageKind::Webp];

    pub const fn content_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Webp => "image/webp",
        }
    }

    /// Returns the extension used in object keys.
    pub const fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Webp => "webp",
        }
    }

    pub fn from_extension(extension: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.extension() == extension)
    }

    const fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Webp => "WebP",
        }
    }
}

/// The format and dimensions of an accepted image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SniffedImage {
    pub kind: ImageKind,
    pub width: u32,
    pub height: u32,
}

/// Signatures of binary formats that are recognised only to name them in the rejection:
/// offset, bytes, and what the image is.
const OTHER_BINARY_FORMATS: &[(usize, &[u8], &str)] = &[
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"II*\0", "a TIFF image"),
    (0, b"MM\0*", "a TIFF image"),
    (0, b"\0\0\x01\0", "an ICO image"),
    (0, b"BM", "a BMP image"),
    (4, b"ftypavif", "an AVIF image"),
    (4, b"ftypheic", "a HEIC image"),
    (0, b"PK\x03\x04", "a ZIP archive"),
    (0, b"\x1f\x8b", "a gzip archive"),
];

/// Leading text of markup formats, compared in lowercase after whitespace and a byte-order mark.
const MARKUP_FORMATS: &[(&str, &str)] = &[
    ("<svg", "an SVG image"),
    ("<!doctype html", "an HTML document"),
    ("<html", "an HTML document"),
    ("<head", "an HTML document"),
    ("<body", "an HTML document"),
];

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Recognises the format of `bytes` and reads its dimensions.
pub fn sniff(bytes: &[u8]) -> Result<SniffedImage, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return sniff_png(bytes);
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return sniff_with_imagesize(bytes, ImageKind::Jpeg);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return sniff_webp(bytes);
    }
    Err(ImageError::Unsupported {
        found: describe_other(bytes),
    })
}

/// Reads a PNG's IHDR chunk, which the PNG specification requires to come first.
fn sniff_png(bytes: &[u8]) -> Result<SniffedImage, ImageError> {
    let invalid = |reason| ImageError::InvalidHeader {
        kind: ImageKind::Png.name(),
        reason,
    };
    let Some(ihdr) = bytes.get(8..24) else {
        return Err(invalid("the file ends before the IHDR chunk"));
    };
    if ihdr[..4] != 13u32.to_be_bytes() || &ihdr[4..8] != b"IHDR" {
        return Err(invalid("the first chunk is not a 13-byte IHDR chunk"));
    }
    let width = u32::from_be_bytes([ihdr[8], ihdr[9], ihdr[10], ihdr[11]]);
    let height = u32::from_be_bytes([ihdr[12], ihdr[13], ihdr[14], ihdr[15]]);
    dimensions(ImageKind::Png, width, height)
}

fn sniff_webp(bytes: &[u8]) -> Result<SniffedImage, ImageError> {
    let chunk = bytes.get(12..16);
    if !matches!(chunk, Some(b"VP8 " | b"VP8L" | b"VP8X")) {
        return Err(ImageError::InvalidHeader {
            kind: ImageKind::Webp.name(),
            reason: "the first chunk is not VP8, VP8L or VP8X",
        });
    }
    sniff_with_imagesize(bytes, ImageKind::Webp)
}

fn sniff_with_imagesize(bytes: &[u8], kind: ImageKind) -> Result<SniffedImage, ImageError> {
    match imagesize::blob_size(bytes) {
        Ok(size) => {
            let width = u32::try_from(size.width).unwrap_or(0);
            let height = u32::try_from(size.height).unwrap_or(0);
            dimensions(kind, width, height)
        }
        Err(_) => Err(ImageError::InvalidHeader {
            kind: kind.name(),
            reason: "its dimensions cannot be read",
        }),
    }
}

fn dimensions(kind: ImageKind, width: u32, height: u32) -> Result<SniffedImage, ImageError> {
    if width == 0 || height == 0 || width > i32::MAX as u32 || height > i32::MAX as u32 {
        return Err(ImageError::InvalidHeader {
            kind: kind.name(),
            reason: "its width or height is zero or out of range",
        });
    }
    Ok(SniffedImage {
        kind,
        width,
        height,
    })
}

/// Names what the bytes look like, for the rejection message.
fn describe_other(bytes: &[u8]) -> &'static str {
    for (offset, signature, found) in OTHER_BINARY_FORMATS {
        if bytes
            .get(*offset..)
            .is_some_and(|rest| rest.starts_with(signature))
        {
            return found;
        }
    }

    let head = &bytes[..bytes.len().min(1024)];
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = text
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(text.len());
    let lowered = text[start..].to_ascii_lowercase();
    for (prefix, found) in MARKUP_FORMATS {
        if lowered.starts_with(prefix.as_bytes()) {
            return found;
        }
    }
    if lowered.starts_with(b"<?xml") {
        let has_svg = lowered.windows(4).any(|window| window == b"<svg");
        return if has_svg {
            "an SVG image"
        } else {
            "an XML document"
        };
    }
    if lowered.starts_with(b"<") {
        return "markup text";
    }
    if std::str::from_utf8(head).is_ok() {
        return "text";
    }
    "in an unrecognised format"
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = include_bytes!("../../../testdata/charts/eth-1h-chart-img-800x600.png");
    const JPEG: &[u8] =
        include_bytes!("../../../testdata/charts/telegram-chart-screenshot-1080x2340.jpg");

    /// A 3x2 lossless (VP8L) WebP, written by Pillow.
    const WEBP_3X2: &[u8] = &[
        0x52, 0x49, 0x46, 0x46, 0x1c, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38,
        0x4c, 0x0f, 0x00, 0x00, 0x00, 0x2f, 0x02, 0x40, 0x00, 0x00, 0x07, 0x10, 0xfd, 0x8f, 0xfe,
        0x07, 0x22, 0xa2, 0xff, 0x01, 0x00,
    ];

    #[test]
    fn sniff_reads_fixture_png() {
        let image = sniff(PNG).unwrap();
        assert_eq!(image.kind, ImageKind::Png);
        assert_eq!((image.width, image.height), (800, 600));
    }

    #[test]
    fn sniff_reads_fixture_jpeg() {
        let image = sniff(JPEG).unwrap();
        assert_eq!(image.kind, ImageKind::Jpeg);
        assert_eq!((image.width, image.height), (1080, 2340));
    }

    #[test]
    fn sniff_reads_webp() {
        let image = sniff(WEBP_3X2).unwrap();
        assert_eq!(image.kind, ImageKind::Webp);
        assert_eq!((image.width, image.height), (3, 2));
    }

    #[test]
    fn sniff_names_rejected_formats() {
        let cases: [(&[u8], &str); 9] = [
            (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "an SVG image"),
            (
                b"\xef\xbb\xbf  <?xml version='1.0'?>\n<svg></svg>",
                "an SVG image",
            ),
            (b"<!DOCTYPE html><html></html>", "an HTML document"),
            (b"\n<HTML><body>hi</body></HTML>", "an HTML document"),
            (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
            (b"%PDF-1.7", "a PDF document"),
            (b"\x00\x00\x00\x1cftypavif", "an AVIF image"),
            (b"just some text", "text"),
            (b"\xfe\xfd\xfc\x00\x01", "in an unrecognised format"),
        ];
        for (bytes, expected) in cases {
            assert_eq!(
                sniff(bytes),
                Err(ImageError::Unsupported { found: expected }),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn sniff_rejects_empty() {
        assert_eq!(sniff(b""), Err(ImageError::Empty));
    }

    #[test]
    fn sniff_rejects_truncated_png() {
        let error = sniff(&PNG[..20]).unwrap_err();
        assert!(matches!(
            error,
            ImageError::InvalidHeader { kind: "PNG", .. }
        ));
    }

    #[test]
    fn sniff_rejects_png_without_ihdr() {
        let mut bytes = PNG[..64].to_vec();
        bytes[12..16].copy_from_slice(b"IDAT");
        assert!(matches!(
            sniff(&bytes),
            Err(ImageError::InvalidHeader { kind: "PNG", .. })
        ));
    }

    #[test]
    fn sniff_rejects_png_of_zero_width() {
        let mut bytes = PNG[..64].to_vec();
        bytes[16..20].copy_from_slice(&[0, 0, 0, 0]);
        assert!(matches!(
            sniff(&bytes),
            Err(ImageError::InvalidHeader { kind: "PNG", .. })
        ));
    }

    #[test]
    fn sniff_rejects_jpeg_without_frame_header() {
        let error = sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00").unwrap_err();
        assert!(matches!(
            error,
            ImageError::InvalidHeader { kind: "JPEG", .. }
        ));
    }

    #[test]
    fn sniff_rejects_webp_with_unknown_chunk() {
        let mut bytes = WEBP_3X2.to_vec();
        bytes[12..16].copy_from_slice(b"ALPH");
        assert!(matches!(
            sniff(&bytes),
            Err(ImageError::InvalidHeader { kind: "WebP", .. })
        ));
    }

    proptest::proptest! {
        #[test]
        fn sniff_never_panics(
            prefix_index in 0usize..4,
            tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let prefixes: [&[u8]; 4] = [b"", PNG_SIGNATURE, b"\xff\xd8\xff", b"RIFF\0\0\0\0WEBPVP8 "];
            let bytes = [prefixes[prefix_index], &tail].concat();
            if let Ok(image) = sniff(&bytes) {
                proptest::prop_assert!(image.width > 0 && image.height > 0);
            }
        }
    }

    #[test]
    fn image_kind_extension_round_trips() {
        for kind in ImageKind::ALL {
            assert_eq!(ImageKind::from_extension(kind.extension()), Some(kind));
        }
        assert_eq!(ImageKind::from_extension("jpeg"), None);
    }
}
