//! Lays out and draws a chart. The price pane shows the bars in the requested style and the
//! overlay studies, and a lower pane shows the other studies. A grid and price and time axes
//! frame them, with grey blocks in place of labels because the stand-in has no font.

use shared::chart::{Style, Theme};

use super::canvas::{Canvas, Rgb};
use super::market::{self, Bar};
use crate::checks::{ChartRequest, StudyRequest};

const PRICE_AXIS_WIDTH: i64 = 64;
const TIME_AXIS_HEIGHT: i64 = 28;
/// Share of the plot height the price pane takes when a lower pane is drawn.
const PRICE_PANE_SHARE: f64 = 0.7;
/// Empty pixels above and below the drawn values in each pane.
const PANE_PADDING: i64 = 10;
const GRID_ROW_SPACING: i64 = 60;
const GRID_COLUMN_SPACING: i64 = 110;

/// Bars drawn when the request gives no range.
const DEFAULT_BARS: u64 = 120;
const MIN_BARS: u64 = 10;
/// chart-img draws at most about 1,000 bars.
const MAX_BARS: u64 = 1000;
/// Narrowest slot a bar may get, in pixels.
const MIN_BAR_SLOT: i64 = 3;

/// Studies TradingView draws over the price bars rather than in a pane of their own.
const OVERLAY_STUDIES: &[&str] = &[
    "Arnaud Legoux Moving Average",
    "Bollinger Bands",
    "Chande Kroll Stop",
    "Donchian Channels",
    "Double EMA",
    "Envelopes",
    "Hull Moving Average",
    "Ichimoku Cloud",
    "Keltner Channels",
    "Least Squares Moving Average",
    "Linear Regression Curve",
    "MA Cross",
    "MA with EMA Cross",
    "McGinley Dynamic",
    "Moving Average",
    "Moving Average Adaptive",
    "Moving Average Channel",
    "Moving Average Double",
    "Moving Average Exponential",
    "Moving Average Hamming",
    "Moving Average Multiple",
    "Moving Average Triple",
    "Moving Average Weighted",
    "Parabolic SAR",
    "Price Channel",
    "Smoothed Moving Average",
    "Standard Error Bands",
    "Super Trend",
    "Triple EMA",
    "VWAP",
    "VWMA",
    "Williams Alligator",
    "Zig Zag",
];

/// Line colours given to studies in request order.
const STUDY_COLOURS: &[Rgb] = &[
    [41, 98, 255],
    [255, 109, 0],
    [156, 39, 176],
    [0, 151, 167],
    [233, 30, 99],
    [251, 192, 45],
    [67, 160, 71],
    [121, 85, 72],
];

struct Palette {
    background: Rgb,
    grid: Rgb,
    border: Rgb,
    label: Rgb,
    rising: Rgb,
    falling: Rgb,
    line: Rgb,
    area: Rgb,
}

impl Palette {
    /// Returns TradingView's colours for the theme.
    fn of(theme: Theme) -> Self {
        match theme {
            Theme::Light => Palette {
                background: [255, 255, 255],
                grid: [240, 243, 250],
                border: [224, 227, 235],
                label: [149, 152, 161],
                rising: [8, 153, 129],
                falling: [242, 54, 69],
                line: [41, 98, 255],
                area: [212, 224, 255],
            },
            Theme::Dark => Palette {
                background: [19, 23, 34],
                grid: [35, 39, 50],
                border: [54, 58, 69],
                label: [120, 123, 134],
                rising: [8, 153, 129],
                falling: [242, 54, 69],
                line: [41, 98, 255],
                area: [24, 42, 84],
            },
        }
    }

    fn bar(&self, bar: &Bar) -> Rgb {
        if bar.rising() {
            self.rising
        } else {
            self.falling
        }
    }
}

/// A rectangle of the canvas that maps a value range to its height.
#[derive(Clone, Copy)]
struct Pane {
    left: i64,
    top: i64,
    right: i64,
    bottom: i64,
    low: f64,
    high: f64,
}

impl Pane {
    fn y(&self, value: f64) -> i64 {
        let inner_top = self.top + PANE_PADDING;
        let inner_height = (self.bottom - PANE_PADDING - inner_top) as f64;
        let share = (self.high - value) / (self.high - self.low);
        inner_top + (share * inner_height).round() as i64
    }

    fn with_range(self, low: f64, high: f64) -> Self {
        let (low, high) = if high > low {
            (low, high)
        } else {
            (low - 1.0, high + 1.0)
        };
        Pane { low, high, ..self }
    }
}

/// Horizontal placement of the bars: slot `index` is centred on `x(index)`.
struct Slots {
    left: i64,
    width: f64,
}

impl Slots {
    fn x(&self, index: usize) -> i64 {
        self.left + ((index as f64 + 0.5) * self.width) as i64
    }

    fn half_body(&self) -> i64 {
        ((self.width * 0.35) as i64).max(0)
    }
}

/// Draws the chart the request describes.
pub(super) fn draw(request: &ChartRequest) -> Canvas {
    let palette = Palette::of(request.theme);
    let mut canvas = Canvas::new(request.width, request.height, palette.background);

    let plot_right = canvas.width() - PRICE_AXIS_WIDTH;
    let plot_bottom = canvas.height() - TIME_AXIS_HEIGHT;
    let (overlays, lower): (Vec<_>, Vec<_>) = request
        .studies
        .iter()
        .enumerate()
        .partition(|(_, study)| is_overlay(study));
    let price_bottom = if lower.is_empty() {
        plot_bottom
    } else {
        (plot_bottom as f64 * PRICE_PANE_SHARE) as i64
    };

    draw_grid(&mut canvas, &palette, plot_right, plot_bottom);
    draw_axes(&mut canvas, &palette, plot_right, plot_bottom);

    let count = bar_count(request, plot_right);
    let mut bars = market::random_walk(&request.symbol, count);
    if request.style == Style::HeikinAshi {
        bars = market::heikin_ashi(&bars);
    }
    let slots = Slots {
        left: 0,
        width: plot_right as f64 / count as f64,
    };

    let overlay_lines: Vec<(Rgb, Vec<Option<f64>>)> = overlays
        .iter()
        .map(|&(index, study)| (study_colour(index), overlay_values(study, &bars)))
        .collect();
    let (low, high) = price_range(&bars, &overlay_lines);
    let price_pane = Pane {
        left: 0,
        top: 0,
        right: plot_right,
        bottom: price_bottom,
        low,
        high,
    };
    draw_bars(
        &mut canvas,
        &palette,
        request.style,
        &bars,
        &slots,
        &price_pane,
    );
    for (colour, values) in &overlay_lines {
        draw_series(&mut canvas, values, &slots, &price_pane, *colour);
    }
    draw_last_price(&mut canvas, &palette, &bars, &price_pane);

    if lower.is_empty() {
        return canvas;
    }
    canvas.fill_rect(
        0,
        price_bottom,
        plot_right,
        price_bottom + 1,
        palette.border,
    );
    let lower_pane = Pane {
        top: price_bottom + 1,
        bottom: plot_bottom,
        ..price_pane
    }
    .with_range(0.0, 100.0);
    for level in [30.0, 70.0] {
        let y = lower_pane.y(level);
        canvas.fill_rect(0, y, plot_right, y + 1, palette.border);
    }
    for (index, study) in lower {
        let values = market::relative_strength(&bars, study_period(study, 5, 25));
        draw_series(
            &mut canvas,
            &values,
            &slots,
            &lower_pane,
            study_colour(index),
        );
    }
    canvas
}

fn is_overlay(study: &StudyRequest) -> bool {
    study.force_overlay || OVERLAY_STUDIES.contains(&study.name)
}

/// Picks a period from the study's name, so each study draws its own line.
fn study_period(study: &StudyRequest, min: usize, max: usize) -> usize {
    let spread = (max - min + 1) as u64;
    min + (market::seed_of(study.name) % spread) as usize
}

/// Returns the colour of the study at `index` in the request.
fn study_colour(index: usize) -> Rgb {
    STUDY_COLOURS[index % STUDY_COLOURS.len()]
}

fn overlay_values(study: &StudyRequest, bars: &[Bar]) -> Vec<Option<f64>> {
    market::moving_average(bars, study_period(study, 5, 50))
}

/// Returns how many bars to draw: the range divided by the interval, or a default, kept
/// within chart-img's bounds and wide enough to see.
fn bar_count(request: &ChartRequest, plot_width: i64) -> usize {
    let requested = request
        .range_seconds
        .map_or(DEFAULT_BARS, |seconds| seconds / request.interval.seconds());
    let fitting = (plot_width / MIN_BAR_SLOT).max(MIN_BARS as i64) as u64;
    requested.clamp(MIN_BARS, MAX_BARS).min(fitting) as usize
}

fn price_range(bars: &[Bar], overlays: &[(Rgb, Vec<Option<f64>>)]) -> (f64, f64) {
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    for bar in bars {
        low = low.min(bar.low);
        high = high.max(bar.high);
    }
    for value in overlays
        .iter()
        .flat_map(|(_, values)| values.iter().flatten())
    {
        low = low.min(*value);
        high = high.max(*value);
    }
    (low, high)
}

fn draw_grid(canvas: &mut Canvas, palette: &Palette, plot_right: i64, plot_bottom: i64) {
    for y in (GRID_ROW_SPACING / 2..plot_bottom).step_by(GRID_ROW_SPACING as usize) {
        canvas.fill_rect(0, y, plot_right, y + 1, palette.grid);
    }
    for x in (GRID_COLUMN_SPACING / 2..plot_right).step_by(GRID_COLUMN_SPACING as usize) {
        canvas.fill_rect(x, 0, x + 1, plot_bottom, palette.grid);
    }
}

/// Draws the axis borders, tick marks, and a grey block where each label would be.
fn draw_axes(canvas: &mut Canvas, palette: &Palette, plot_right: i64, plot_bottom: i64) {
    let width = canvas.width();
    let height = canvas.height();
    canvas.fill_rect(plot_right, 0, plot_right + 1, height, palette.border);
    canvas.fill_rect(0, plot_bottom, width, plot_bottom + 1, palette.border);

    for y in (GRID_ROW_SPACING / 2..plot_bottom).step_by(GRID_ROW_SPACING as usize) {
        canvas.fill_rect(plot_right, y, plot_right + 5, y + 1, palette.border);
        canvas.fill_rect(plot_right + 10, y - 3, width - 10, y + 4, palette.label);
    }
    for x in (GRID_COLUMN_SPACING / 2..plot_right).step_by(GRID_COLUMN_SPACING as usize) {
        canvas.fill_rect(x, plot_bottom, x + 1, plot_bottom + 5, palette.border);
        canvas.fill_rect(
            x - 16,
            plot_bottom + 11,
            x + 17,
            plot_bottom + 18,
            palette.label,
        );
    }
}

fn draw_bars(
    canvas: &mut Canvas,
    palette: &Palette,
    style: Style,
    bars: &[Bar],
    slots: &Slots,
    pane: &Pane,
) {
    match style {
        Style::Candle | Style::HeikinAshi | Style::HollowCandle => {
            draw_candles(canvas, palette, style, bars, slots, pane)
        }
        Style::Bar | Style::HiLo => draw_ohlc(canvas, palette, style, bars, slots, pane),
        Style::Line => draw_close_line(canvas, bars, slots, pane, palette.line),
        Style::Area => {
            for (index, bar) in bars.iter().enumerate() {
                let x = slots.x(index);
                let half = (slots.width / 2.0).ceil() as i64;
                canvas.fill_rect(
                    x - half,
                    pane.y(bar.close),
                    x + half,
                    pane.bottom,
                    palette.area,
                );
            }
            draw_close_line(canvas, bars, slots, pane, palette.line);
        }
        Style::Baseline => {
            let baseline = bars.first().map_or(0.0, |bar| bar.close);
            let y = pane.y(baseline);
            canvas.fill_rect(pane.left, y, pane.right, y + 1, palette.border);
            for (index, pair) in bars.windows(2).enumerate() {
                let colour = if pair[1].close >= baseline {
                    palette.rising
                } else {
                    palette.falling
                };
                let from = (slots.x(index), pane.y(pair[0].close));
                let to = (slots.x(index + 1), pane.y(pair[1].close));
                canvas.line(from, to, 2, colour);
            }
        }
        Style::Column => {
            for (index, bar) in bars.iter().enumerate() {
                let x = slots.x(index);
                let half = slots.half_body();
                canvas.fill_rect(
                    x - half,
                    pane.y(bar.close),
                    x + half + 1,
                    pane.bottom,
                    palette.bar(bar),
                );
            }
        }
    }
}

fn draw_candles(
    canvas: &mut Canvas,
    palette: &Palette,
    style: Style,
    bars: &[Bar],
    slots: &Slots,
    pane: &Pane,
) {
    let half = slots.half_body();
    for (index, bar) in bars.iter().enumerate() {
        let x = slots.x(index);
        let colour = palette.bar(bar);
        let body_top = pane.y(bar.open.max(bar.close));
        let body_bottom = pane.y(bar.open.min(bar.close)).max(body_top + 1);

        canvas.fill_rect(x, pane.y(bar.high), x + 1, body_top, colour);
        canvas.fill_rect(x, body_bottom, x + 1, pane.y(bar.low) + 1, colour);
        if style == Style::HollowCandle && bar.rising() {
            canvas.stroke_rect(x - half, body_top, x + half, body_bottom, colour);
        } else {
            canvas.fill_rect(x - half, body_top, x + half + 1, body_bottom + 1, colour);
        }
    }
}

/// Draws high-low bars, with open and close ticks for the `bar` style.
fn draw_ohlc(
    canvas: &mut Canvas,
    palette: &Palette,
    style: Style,
    bars: &[Bar],
    slots: &Slots,
    pane: &Pane,
) {
    let tick = slots.half_body();
    for (index, bar) in bars.iter().enumerate() {
        let x = slots.x(index);
        let colour = palette.bar(bar);
        let high = pane.y(bar.high);
        let low = pane.y(bar.low);
        if style == Style::HiLo {
            canvas.fill_rect(x - tick, high, x + tick + 1, low + 1, colour);
            continue;
        }

        canvas.fill_rect(x, high, x + 1, low + 1, colour);
        let open = pane.y(bar.open);
        let close = pane.y(bar.close);
        canvas.fill_rect(x - tick, open, x, open + 1, colour);
        canvas.fill_rect(x + 1, close, x + tick + 1, close + 1, colour);
    }
}

fn draw_close_line(canvas: &mut Canvas, bars: &[Bar], slots: &Slots, pane: &Pane, colour: Rgb) {
    let closes: Vec<Option<f64>> = bars.iter().map(|bar| Some(bar.close)).collect();
    draw_series(canvas, &closes, slots, pane, colour);
}

/// Joins consecutive values with a line two pixels thick; gaps (`None`) break the line.
fn draw_series(
    canvas: &mut Canvas,
    values: &[Option<f64>],
    slots: &Slots,
    pane: &Pane,
    colour: Rgb,
) {
    for (index, pair) in values.windows(2).enumerate() {
        let (Some(first), Some(second)) = (pair[0], pair[1]) else {
            continue;
        };
        let from = (slots.x(index), pane.y(first));
        let to = (slots.x(index + 1), pane.y(second));
        canvas.line(from, to, 2, colour);
    }
}

/// Marks the last close on the price axis with a tag in the last bar's colour.
fn draw_last_price(canvas: &mut Canvas, palette: &Palette, bars: &[Bar], pane: &Pane) {
    let Some(last) = bars.last() else {
        return;
    };
    let y = pane.y(last.close);
    let colour = palette.bar(last);
    canvas.fill_rect(pane.right + 1, y - 9, canvas.width(), y + 10, colour);
    canvas.fill_rect(
        pane.right + 10,
        y - 3,
        canvas.width() - 10,
        y + 4,
        palette.background,
    );
}

#[cfg(test)]
mod tests {
    use shared::chart::{ImageFormat, Interval};

    use super::*;

    fn request(range_seconds: Option<u64>, interval: Interval) -> ChartRequest {
        ChartRequest {
            symbol: "BINANCE:BTCUSDT".into(),
            interval,
            range_seconds,
            width: 800,
            height: 600,
            style: Style::Candle,
            theme: Theme::Light,
            format: ImageFormat::Png,
            studies: Vec::new(),
        }
    }

    #[test]
    fn bar_count_divides_range_by_interval() {
        let week = 7 * 24 * 60 * 60;
        assert_eq!(bar_count(&request(Some(week), Interval::Hour1), 736), 168);
    }

    #[test]
    fn bar_count_stops_at_max_bars() {
        let year = 365 * 24 * 60 * 60;
        assert_eq!(
            bar_count(&request(Some(year), Interval::Minute1), 4000),
            1000
        );
    }

    #[test]
    fn bar_count_fits_the_plot() {
        let year = 365 * 24 * 60 * 60;
        assert_eq!(bar_count(&request(Some(year), Interval::Minute1), 336), 112);
    }

    #[test]
    fn bar_count_defaults_without_range() {
        assert_eq!(bar_count(&request(None, Interval::Day1), 736), 120);
    }

    #[test]
    fn overlay_follows_table_and_flag() {
        let average = StudyRequest {
            name: "Moving Average",
            force_overlay: false,
        };
        let rsi = StudyRequest {
            name: "Relative Strength Index",
            force_overlay: false,
        };
        let forced = StudyRequest {
            force_overlay: true,
            ..rsi.clone()
        };
        assert!(is_overlay(&average));
        assert!(!is_overlay(&rsi));
        assert!(is_overlay(&forced));
    }

    #[test]
    fn overlay_table_names_real_studies() {
        for name in OVERLAY_STUDIES {
            assert!(shared::chart::StudySpec::find(name).is_some(), "{name}");
        }
    }
}
