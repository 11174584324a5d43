//! Turns what the passes found into the chart-img config, applying the request's `symbol`,
//! `exchange` and `preferences` over the text, choosing what the text leaves open, fitting the
//! config to the plan, and writing one reasoning line per decision.

use chrono::{DateTime, Duration, Utc};

use super::appearance::SizeWord;
use super::error::ConstructError;
use super::findings::{Finding, Findings};
use super::instruments::Instrument;
use super::intervals;
use super::ranges::RangeSpec;
use super::request::{Constructed, Context};
use super::studies::{describe_inputs, format_number};
use crate::chart::{
    ChartConfig, ChartRange, Interval, MIN_HEIGHT, MIN_WIDTH, PlanLimits, RangePreset,
};

/// The request's fields that override the text, already checked.
pub(crate) struct Overrides {
    pub symbol: Option<Instrument>,
    pub exchange: Option<String>,
    pub resolution: Option<(u32, u32)>,
}

/// The range shown when the text and the preferences state neither range nor interval.
const DEFAULT_RANGE: RangePreset = RangePreset::Month6;
/// The interval used when nothing states or implies one: chart-img's own default.
const DEFAULT_INTERVAL: Interval = Interval::Day1;
/// The maximum number of bars chart-img draws, approximately.
const MAX_BARS: f64 = 1000.0;

/// Builds the response from the findings.
pub(crate) fn assemble(
    findings: Findings,
    overrides: Overrides,
    preferences: &super::request::Preferences,
    context: &Context,
) -> Result<Constructed, ConstructError> {
    let mut reasoning = Vec::new();
    let mut warnings = findings.warnings;
    let limits = context.plan.limits();
    let now = context.now;

    let symbol = choose_symbol(
        findings.instrument,
        findings.venue,
        &findings.unknown_tickers,
        overrides.symbol,
        overrides.exchange,
        &mut reasoning,
        &mut warnings,
    )?;

    let range = match &preferences.range {
        Some(range) => Some(Finding::new(
            preference_range(range),
            "preferences.range".to_owned(),
        )),
        None => findings.range,
    };
    let text_interval = match preferences.interval {
        Some(interval) => Some(Finding::new(interval, "preferences.interval".to_owned())),
        None => findings.interval,
    };
    let (interval, range) =
        choose_timeframe(text_interval, range, now, &mut reasoning, &mut warnings);

    let mut config = ChartConfig {
        symbol,
        interval,
        range,
        ..ChartConfig::default()
    };

    for study in findings.studies {
        let inputs = describe_inputs(&study.value);
        let detail = if inputs.is_empty() {
            String::new()
        } else {
            format!(" ({inputs})")
        };
        reasoning.push(format!(
            "study {}{detail} from {}",
            study.value.name, study.source
        ));
        config.studies.push(study.value);
    }

    let start = range_start(config.range.as_ref(), interval, now);
    for drawing in findings.drawings {
        reasoning.push(format!(
            "drawing {} from {}",
            drawing.value.describe(),
            drawing.source
        ));
        config
            .drawings
            .push(drawing.value.to_drawing(now, interval, start));
    }
    reasoning.extend(findings.notes);

    if let Some(style) = pick(preferences.style, "preferences.style", findings.style) {
        reasoning.push(format!("style {} from {}", style.value, style.source));
        config.style = style.value;
    }
    if let Some(theme) = pick(preferences.theme, "preferences.theme", findings.theme) {
        reasoning.push(format!("theme {} from {}", theme.value, theme.source));
        config.theme = theme.value;
    }
    if let Some(format) = findings.format {
        reasoning.push(format!("format {} from {}", format.value, format.source));
        config.format = Some(format.value);
    }
    if let Some(scale) = findings.scale {
        reasoning.push(format!("scale {} from {}", scale.value, scale.source));
        config.scale = Some(scale.value);
    }
    if let Some(session) = findings.session {
        reasoning.push(format!("session {} from {}", session.value, session.source));
        config.session = Some(session.value);
    }
    if let Some(zone) = findings.timezone {
        reasoning.push(format!("timezone {} from {}", zone.value, zone.source));
        config.timezone = Some(zone.value.to_owned());
    }

    let size = match overrides.resolution {
        Some((width, height)) => Some(Finding::new(
            SizeWord::Pixels { width, height },
            "preferences.resolution".to_owned(),
        )),
        None => findings.size,
    };
    if let Some(size) = size {
        let (width, height) = fit_size(size.value, limits, &size.source, &mut warnings);
        reasoning.push(format!("size {width}x{height} from {}", size.source));
        config.width = width;
        config.height = height;
    }

    let parameters = config.parameter_count();
    if parameters > limits.max_parameters {
        warnings.push(format!(
            "the {} plan allows {} studies and drawings together and this config has {parameters}, so chart-img will reject it (403) unless some are removed or a larger plan is configured",
            limits.plan, limits.max_parameters
        ));
    }

    Ok(Constructed {
        config,
        reasoning,
        warnings,
    })
}

/// Picks the instrument and exchange, the request's fields first, and resolves the symbol.
fn choose_symbol(
    text_instrument: Option<Finding<Instrument>>,
    venue: Option<Finding<&'static str>>,
    unknown_tickers: &[String],
    symbol_field: Option<Instrument>,
    exchange_field: Option<String>,
    reasoning: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> Result<String, ConstructError> {
    let instrument = match (symbol_field, text_instrument) {
        (Some(field), Some(text)) => {
            if field != text.value {
                warnings.push(format!(
                    "{} in the text was not used: the symbol field overrides it",
                    text.source
                ));
            }
            Finding::new(field, "the symbol field".to_owned())
        }
        (Some(field), None) => Finding::new(field, "the symbol field".to_owned()),
        (None, Some(text)) => text,
        (None, None) => return Err(ConstructError::no_instrument(unknown_tickers)),
    };

    let exchange = match (exchange_field, venue) {
        (Some(field), Some(text)) => {
            if field != text.value {
                warnings.push(format!(
                    "{} in the text was not used: the exchange field overrides it",
                    text.source
                ));
            }
            Some(Finding::new(field, "the exchange field".to_owned()))
        }
        (Some(field), None) => Some(Finding::new(field, "the exchange field".to_owned())),
        (None, Some(text)) => Some(Finding::new(text.value.to_owned(), text.source)),
        (None, None) => None,
    };

    let resolved = instrument
        .value
        .resolve(exchange.as_ref().map(|exchange| exchange.value.as_str()));
    let mut line = format!(
        "symbol {} from {} ({})",
        resolved.symbol, instrument.source, resolved.explanation
    );
    if let Some(exchange) = exchange.filter(|_| resolved.warning.is_none()) {
        line.push_str(&format!("; exchange from {}", exchange.source));
    }
    reasoning.push(line);
    warnings.extend(resolved.warning);
    Ok(resolved.symbol)
}

/// Decides the interval and the range. A stated interval is kept. Otherwise one is chosen to
/// draw about 300 bars of the range, and when neither is stated the chart shows daily bars over
/// six months.
fn choose_timeframe(
    interval: Option<Finding<Interval>>,
    range: Option<Finding<RangeSpec>>,
    now: DateTime<Utc>,
    reasoning: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> (Interval, Option<ChartRange>) {
    let seconds = range.as_ref().and_then(|range| range.value.seconds(now));

    let interval = match (interval, seconds) {
        (Some(interval), _) => {
            reasoning.push(format!(
                "interval {} from {}",
                interval.value, interval.source
            ));
            interval.value
        }
        (None, Some(seconds)) => {
            let (chosen, bars) = intervals::choose_for(seconds);
            reasoning.push(format!(
                "interval {chosen} chosen for the range, about {} bars (none stated)",
                format_number(bars.round())
            ));
            chosen
        }
        (None, None) if range.is_some() => {
            reasoning.push(format!(
                "interval {DEFAULT_INTERVAL} by default (none stated)"
            ));
            DEFAULT_INTERVAL
        }
        (None, None) => {
            reasoning.push(format!(
                "interval {DEFAULT_INTERVAL} and range {DEFAULT_RANGE} by default (neither stated)"
            ));
            return (DEFAULT_INTERVAL, Some(ChartRange::Preset(DEFAULT_RANGE)));
        }
    };

    let Some(range) = range else {
        reasoning.push(format!(
            "range not set (none stated), so chart-img shows its default span of {interval} bars"
        ));
        return (interval, None);
    };

    let chart_range = range.value.to_chart_range(now, interval);
    reasoning.push(format!(
        "range {} from {}",
        describe_range(&chart_range, &range.value),
        range.source
    ));

    let span = range.value.seconds(now).unwrap_or(0.0);
    let bars = span / interval.seconds() as f64;
    let all = range.value == RangeSpec::Preset(RangePreset::All);
    if bars > MAX_BARS && !all {
        warnings.push(format!(
            "chart-img draws at most about 1,000 bars, and {} of {interval} bars is about {}, so the chart may start later than asked",
            range.source,
            format_number(bars.round())
        ));
    } else if span > 0.0 && bars < 2.0 {
        warnings.push(format!(
            "{} holds fewer than 2 bars of {interval}; choose a shorter interval to see more",
            range.source
        ));
    }
    (interval, Some(chart_range))
}

/// Describes a range for reasoning: a preset, or a span with its length and ends.
fn describe_range(range: &ChartRange, spec: &RangeSpec) -> String {
    match range {
        ChartRange::Preset(preset) => preset.to_string(),
        ChartRange::Span { from, to } => {
            let length = match spec {
                RangeSpec::Last { count, unit } => {
                    let plural = if *count == 1.0 { "" } else { "s" };
                    format!("the last {} {}{plural}", format_number(*count), unit.name())
                }
                _ => {
                    let days = (*to - *from).num_seconds() as f64 / 86_400.0;
                    format!("{} days", format_number((days * 10.0).round() / 10.0))
                }
            };
            format!(
                "{length}, {} to {}",
                from.format("%Y-%m-%dT%H:%M:%SZ"),
                to.format("%Y-%m-%dT%H:%M:%SZ")
            )
        }
    }
}

/// Returns where the chart's range begins, for drawings whose times the text left out: the
/// span's start, the preset's length before now, or 100 bars before now without a range.
fn range_start(
    range: Option<&ChartRange>,
    interval: Interval,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let seconds = match range {
        Some(ChartRange::Span { from, .. }) => return *from,
        Some(ChartRange::Preset(preset)) => RangeSpec::Preset(*preset)
            .seconds(now)
            .unwrap_or(preset.max_seconds() as f64),
        None => 100.0 * interval.seconds() as f64,
    };
    now - Duration::seconds(seconds.min(100.0 * 365.0 * 86_400.0) as i64)
}

fn preference_range(range: &ChartRange) -> RangeSpec {
    match range {
        ChartRange::Preset(preset) => RangeSpec::Preset(*preset),
        ChartRange::Span { from, to } => RangeSpec::Between {
            from: *from,
            to: *to,
        },
    }
}

/// Returns the preference when set, else the value the text states.
fn pick<T>(preference: Option<T>, field: &str, text: Option<Finding<T>>) -> Option<Finding<T>> {
    match preference {
        Some(value) => Some(Finding::new(value, field.to_owned())),
        None => text,
    }
}

/// Fits a requested size into the plan: scaled down, keeping its shape, to the plan's maximum,
/// and raised to chart-img's minimum of 400x300.
fn fit_size(
    size: SizeWord,
    limits: &PlanLimits,
    source: &str,
    warnings: &mut Vec<String>,
) -> (u32, u32) {
    let (width, height) = match size {
        SizeWord::Pixels { width, height } => (width, height),
        SizeWord::PlanMax => return (limits.max_width, limits.max_height),
    };

    let mut fitted = (width.max(1), height.max(1));
    let scale = f64::min(
        f64::from(limits.max_width) / f64::from(fitted.0),
        f64::from(limits.max_height) / f64::from(fitted.1),
    );
    if scale < 1.0 {
        fitted = (
            (f64::from(fitted.0) * scale).floor() as u32,
            (f64::from(fitted.1) * scale).floor() as u32,
        );
    }
    fitted = (
        fitted.0.clamp(MIN_WIDTH, limits.max_width),
        fitted.1.clamp(MIN_HEIGHT, limits.max_height),
    );

    if fitted != (width, height) {
        warnings.push(format!(
            "{source} asks for {width}x{height}, but the {} plan allows {}x{} at most and chart-img draws {MIN_WIDTH}x{MIN_HEIGHT} at least, so the image is {}x{}",
            limits.plan, limits.max_width, limits.max_height, fitted.0, fitted.1
        ));
    }
    fitted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Plan;

    #[test]
    fn fit_size_keeps_the_shape_within_the_plan() {
        let mut warnings = Vec::new();
        let pro = Plan::Pro.limits();
        assert_eq!(
            fit_size(
                SizeWord::Pixels {
                    width: 3840,
                    height: 2160
                },
                pro,
                "\"4K\"",
                &mut warnings
            ),
            (1920, 1080)
        );
        let basic = Plan::Basic.limits();
        assert_eq!(
            fit_size(
                SizeWord::Pixels {
                    width: 1920,
                    height: 1080
                },
                basic,
                "\"x\"",
                &mut warnings
            ),
            (800, 450)
        );
        assert_eq!(warnings.len(), 2);
    }

    #[test]
    fn fit_size_raises_to_the_minimum() {
        let mut warnings = Vec::new();
        let size = fit_size(
            SizeWord::Pixels {
                width: 100,
                height: 100,
            },
            Plan::Pro.limits(),
            "\"x\"",
            &mut warnings,
        );
        assert_eq!(size, (400, 300));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn fit_size_keeps_a_size_that_fits() {
        let mut warnings = Vec::new();
        let size = fit_size(
            SizeWord::Pixels {
                width: 1280,
                height: 720,
            },
            Plan::Pro.limits(),
            "\"x\"",
            &mut warnings,
        );
        assert_eq!(size, (1280, 720));
        assert!(warnings.is_empty());
    }
}
