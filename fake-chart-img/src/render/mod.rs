//! Renders checked requests to real PNG or JPEG images of exactly the requested size.
//!
//! The picture only has to look like a chart: candles from a random walk seeded by the symbol,
//! the theme's colours and a line per study. Drawings are checked but not drawn, and BASIC
//! images carry no watermark. PNGs use fast compression so a 1920 x 1080 render stays cheap.

mod canvas;
mod chart;
mod market;

use std::sync::OnceLock;

use axum::body::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder, ImageResult};
use rand::RngCore;
use rand::SeedableRng;
use rand::rngs::SmallRng;
use shared::chart::ImageFormat;

use crate::checks::ChartRequest;

const JPEG_QUALITY: u8 = 90;

/// Size of the oversized image: 1600 x 1200 pixels of random RGBA, which no compressor can
/// shrink below the 7,680,000 raw bytes.
const OVERSIZED_WIDTH: u32 = 1600;
const OVERSIZED_HEIGHT: u32 = 1200;

/// An encoded image and its format.
#[derive(Debug, Clone)]
pub(crate) struct RenderedImage {
    pub(crate) bytes: Bytes,
    pub(crate) format: ImageFormat,
}

/// Draws and encodes the chart the request describes.
pub(crate) fn render(request: &ChartRequest) -> ImageResult<RenderedImage> {
    let canvas = chart::draw(request);
    let width = u32::try_from(canvas.width()).unwrap_or(request.width);
    let height = u32::try_from(canvas.height()).unwrap_or(request.height);
    let pixels = canvas.into_pixels();

    let mut encoded = Vec::new();
    match request.format {
        ImageFormat::Png => {
            let encoder =
                PngEncoder::new_with_quality(&mut encoded, CompressionType::Fast, FilterType::Up);
            encoder.write_image(&pixels, width, height, ExtendedColorType::Rgb8)?;
        }
        ImageFormat::Jpeg => {
            let encoder = JpegEncoder::new_with_quality(&mut encoded, JPEG_QUALITY);
            encoder.write_image(&pixels, width, height, ExtendedColorType::Rgb8)?;
        }
    }

    Ok(RenderedImage {
        bytes: Bytes::from(encoded),
        format: request.format,
    })
}

/// Returns a valid PNG of noise larger than 6 MiB, encoded once and then shared.
pub(crate) fn oversized_png() -> ImageResult<RenderedImage> {
    static ENCODED: OnceLock<Bytes> = OnceLock::new();

    let bytes = match ENCODED.get() {
        Some(bytes) => bytes.clone(),
        None => {
            let encoded = encode_noise()?;
            ENCODED.get_or_init(|| encoded).clone()
        }
    };
    Ok(RenderedImage {
        bytes,
        format: ImageFormat::Png,
    })
}

fn encode_noise() -> ImageResult<Bytes> {
    let mut pixels = vec![0; OVERSIZED_WIDTH as usize * OVERSIZED_HEIGHT as usize * 4];
    SmallRng::seed_from_u64(0).fill_bytes(&mut pixels);

    let mut encoded = Vec::with_capacity(pixels.len() + pixels.len() / 64);
    let encoder =
        PngEncoder::new_with_quality(&mut encoded, CompressionType::Fast, FilterType::NoFilter);
    encoder.write_image(
        &pixels,
        OVERSIZED_WIDTH,
        OVERSIZED_HEIGHT,
        ExtendedColorType::Rgba8,
    )?;
    Ok(Bytes::from(encoded))
}

#[cfg(test)]
mod tests {
    use shared::chart::{Interval, Style, Theme};

    use super::*;
    use crate::checks::StudyRequest;

    fn request(format: ImageFormat) -> ChartRequest {
        ChartRequest {
            symbol: "NASDAQ:AAPL".into(),
            interval: Interval::Day1,
            range_seconds: None,
            width: 640,
            height: 360,
            style: Style::Candle,
            theme: Theme::Dark,
            format,
            studies: vec![
                StudyRequest {
                    name: "Moving Average",
                    force_overlay: false,
                },
                StudyRequest {
                    name: "MACD",
                    force_overlay: false,
                },
            ],
        }
    }

    #[test]
    fn render_png_has_requested_size() {
        let image = render(&request(ImageFormat::Png)).unwrap();
        let decoded = image::load_from_memory(&image.bytes).unwrap();
        assert_eq!(
            image::guess_format(&image.bytes).unwrap(),
            image::ImageFormat::Png
        );
        assert_eq!((decoded.width(), decoded.height()), (640, 360));
    }

    #[test]
    fn render_jpeg_has_requested_size() {
        let image = render(&request(ImageFormat::Jpeg)).unwrap();
        let decoded = image::load_from_memory(&image.bytes).unwrap();
        assert_eq!(
            image::guess_format(&image.bytes).unwrap(),
            image::ImageFormat::Jpeg
        );
        assert_eq!((decoded.width(), decoded.height()), (640, 360));
    }

    #[test]
    fn render_every_style_at_minimum_size() {
        for style in Style::ALL {
            let small = ChartRequest {
                style: *style,
                width: 400,
                height: 300,
                ..request(ImageFormat::Png)
            };
            let image = render(&small).unwrap();
            assert!(image::load_from_memory(&image.bytes).is_ok(), "{style}");
        }
    }

    #[test]
    fn oversized_png_exceeds_six_mebibytes() {
        let image = oversized_png().unwrap();
        assert!(image.bytes.len() > 6 * 1024 * 1024, "{}", image.bytes.len());
        assert_eq!(
            image::guess_format(&image.bytes).unwrap(),
            image::ImageFormat::Png
        );
    }
}
