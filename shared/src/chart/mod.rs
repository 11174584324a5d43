//! The chart-img advanced-chart request body and the tables of values chart-img accepts.
//!
//! Every table here is data, declared once: the construct parser reads it to recognise words,
//! the validator reads it to check configs, and the documentation route prints it.

mod config;
mod drawing;
mod interval;
mod names;
mod plan;
mod range;
mod study;

pub use config::{ChartConfig, ChartRange, Drawing, Study};
pub use drawing::{DRAWINGS, DrawingSpec};
pub use interval::Interval;
pub use names::{ImageFormat, Scale, Session, Style, Theme};
pub use plan::{MIN_HEIGHT, MIN_WIDTH, Plan, PlanLimits};
pub use range::RangePreset;
pub use study::{InputKind, InputSpec, SOURCES, STUDIES, StudySpec};

/// The symbol chart-img draws when a request names none.
pub const DEFAULT_SYMBOL: &str = "BINANCE:BTCUSDT";
