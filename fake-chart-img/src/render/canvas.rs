//! An RGB pixel buffer with the few drawing primitives a chart needs. Every primitive clips to
//! the buffer, so callers may pass coordinates outside it.

/// One pixel colour: red, green, blue.
pub(super) type Rgb = [u8; 3];

const CHANNELS: usize = 3;

pub(super) struct Canvas {
    width: usize,
    height: usize,
    /// Rows top to bottom, each `width` pixels of three bytes.
    pixels: Vec<u8>,
}

impl Canvas {
    /// Creates a canvas filled with `background`.
    pub(super) fn new(width: u32, height: u32, background: Rgb) -> Self {
        let width = width as usize;
        let height = height as usize;
        Canvas {
            width,
            height,
            pixels: background.repeat(width * height),
        }
    }

    pub(super) fn width(&self) -> i64 {
        self.width as i64
    }

    pub(super) fn height(&self) -> i64 {
        self.height as i64
    }

    pub(super) fn into_pixels(self) -> Vec<u8> {
        self.pixels
    }

    /// Fills the pixels with `left <= x < right` and `top <= y < bottom`.
    pub(super) fn fill_rect(&mut self, left: i64, top: i64, right: i64, bottom: i64, colour: Rgb) {
        let left = left.clamp(0, self.width()) as usize;
        let right = right.clamp(0, self.width()) as usize;
        let top = top.clamp(0, self.height()) as usize;
        let bottom = bottom.clamp(0, self.height()) as usize;
        if left >= right {
            return;
        }

        for y in top..bottom {
            let row_start = (y * self.width + left) * CHANNELS;
            let row_end = (y * self.width + right) * CHANNELS;
            for pixel in self.pixels[row_start..row_end].chunks_exact_mut(CHANNELS) {
                pixel.copy_from_slice(&colour);
            }
        }
    }

    /// Draws the outline of a rectangle one pixel wide, with corners at the given pixels.
    pub(super) fn stroke_rect(
        &mut self,
        left: i64,
        top: i64,
        right: i64,
        bottom: i64,
        colour: Rgb,
    ) {
        self.fill_rect(left, top, right + 1, top + 1, colour);
        self.fill_rect(left, bottom, right + 1, bottom + 1, colour);
        self.fill_rect(left, top, left + 1, bottom + 1, colour);
        self.fill_rect(right, top, right + 1, bottom + 1, colour);
    }

    /// Draws a line `thickness` pixels tall between two points with Bresenham's algorithm.
    pub(super) fn line(&mut self, from: (i64, i64), to: (i64, i64), thickness: i64, colour: Rgb) {
        let (mut x, mut y) = from;
        let dx = (to.0 - x).abs();
        let dy = -(to.1 - y).abs();
        let step_x = if x < to.0 { 1 } else { -1 };
        let step_y = if y < to.1 { 1 } else { -1 };
        let mut error = dx + dy;

        loop {
            self.fill_rect(x, y, x + 1, y + thickness, colour);
            if (x, y) == to {
                break;
            }
            let doubled = 2 * error;
            if doubled >= dy {
                error += dy;
                x += step_x;
            }
            if doubled <= dx {
                error += dx;
                y += step_y;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLACK: Rgb = [0, 0, 0];
    const WHITE: Rgb = [255, 255, 255];

    fn pixel(canvas: &Canvas, x: usize, y: usize) -> Rgb {
        let start = (y * canvas.width + x) * CHANNELS;
        canvas.pixels[start..start + CHANNELS].try_into().unwrap()
    }

    #[test]
    fn fill_rect_clips_to_canvas() {
        let mut canvas = Canvas::new(4, 3, WHITE);
        canvas.fill_rect(-5, 1, 2, 10, BLACK);
        assert_eq!(pixel(&canvas, 0, 0), WHITE);
        assert_eq!(pixel(&canvas, 1, 2), BLACK);
        assert_eq!(pixel(&canvas, 2, 2), WHITE);
    }

    #[test]
    fn line_reaches_both_ends() {
        let mut canvas = Canvas::new(10, 10, WHITE);
        canvas.line((1, 8), (8, 2), 1, BLACK);
        assert_eq!(pixel(&canvas, 1, 8), BLACK);
        assert_eq!(pixel(&canvas, 8, 2), BLACK);
        assert_eq!(pixel(&canvas, 8, 8), WHITE);
    }
}
