//! Made-up market data: price bars from a random walk seeded by the symbol, so the same symbol
//! always draws the same chart, and the indicator lines drawn over them.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// One bar of prices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bar {
    pub(super) open: f64,
    pub(super) high: f64,
    pub(super) low: f64,
    pub(super) close: f64,
}

impl Bar {
    pub(super) fn rising(&self) -> bool {
        self.close >= self.open
    }
}

/// Largest move of one bar's close, as a fraction of the price.
const MAX_STEP: f64 = 0.03;
/// Largest wick beyond the body, as a fraction of the price.
const MAX_WICK: f64 = 0.012;

/// Returns a seed that depends only on `text` (FNV-1a), stable across Rust versions, unlike
/// the standard library's hasher.
pub(super) fn seed_of(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Generates `count` bars of a random walk seeded by `symbol`.
pub(super) fn random_walk(symbol: &str, count: usize) -> Vec<Bar> {
    let seed = seed_of(symbol);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut close = 10.0 + (seed % 5000) as f64;

    let mut bars = Vec::with_capacity(count);
    for _ in 0..count {
        let open = close;
        let step = (rng.random::<f64>() + rng.random::<f64>() - 1.0) * MAX_STEP;
        close = open * (1.0 + step);
        let high = open.max(close) * (1.0 + rng.random::<f64>() * MAX_WICK);
        let low = open.min(close) * (1.0 - rng.random::<f64>() * MAX_WICK);
        bars.push(Bar {
            open,
            high,
            low,
            close,
        });
    }
    bars
}

/// Converts bars to Heikin-Ashi bars, which average each bar with the one before.
pub(super) fn heikin_ashi(bars: &[Bar]) -> Vec<Bar> {
    let mut smoothed: Vec<Bar> = Vec::with_capacity(bars.len());
    for bar in bars {
        let close = (bar.open + bar.high + bar.low + bar.close) / 4.0;
        let open = match smoothed.last() {
            Some(previous) => (previous.open + previous.close) / 2.0,
            None => (bar.open + bar.close) / 2.0,
        };
        smoothed.push(Bar {
            open,
            high: bar.high.max(open).max(close),
            low: bar.low.min(open).min(close),
            close,
        });
    }
    smoothed
}

/// Simple moving average of the closes over `period` bars, `None` until enough bars exist.
pub(super) fn moving_average(bars: &[Bar], period: usize) -> Vec<Option<f64>> {
    let mut sum = 0.0;
    let mut averages = Vec::with_capacity(bars.len());
    for (index, bar) in bars.iter().enumerate() {
        sum += bar.close;
        if index >= period {
            sum -= bars[index - period].close;
        }
        let average = (index + 1 >= period).then(|| sum / period as f64);
        averages.push(average);
    }
    averages
}

/// Relative strength index of the closes over `period` bars, from 0 to 100, `None` until enough
/// bars exist.
pub(super) fn relative_strength(bars: &[Bar], period: usize) -> Vec<Option<f64>> {
    let mut values = vec![None; bars.len()];
    for index in period..bars.len() {
        let window = &bars[index - period..=index];
        let (mut gains, mut losses) = (0.0, 0.0);
        for pair in window.windows(2) {
            let change = pair[1].close - pair[0].close;
            if change > 0.0 {
                gains += change;
            } else {
                losses -= change;
            }
        }
        let total = gains + losses;
        values[index] = Some(if total == 0.0 {
            50.0
        } else {
            100.0 * gains / total
        });
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_walk_repeats_for_a_symbol() {
        assert_eq!(
            random_walk("NASDAQ:AAPL", 50),
            random_walk("NASDAQ:AAPL", 50)
        );
    }

    #[test]
    fn random_walk_differs_between_symbols() {
        assert_ne!(
            random_walk("NASDAQ:AAPL", 50),
            random_walk("NASDAQ:MSFT", 50)
        );
    }

    #[test]
    fn random_walk_bars_are_consistent() {
        for bar in random_walk("BINANCE:BTCUSDT", 500) {
            assert!(bar.low <= bar.open.min(bar.close), "{bar:?}");
            assert!(bar.high >= bar.open.max(bar.close), "{bar:?}");
            assert!(bar.low > 0.0, "{bar:?}");
        }
    }

    #[test]
    fn moving_average_of_constant_is_constant() {
        let bar = Bar {
            open: 5.0,
            high: 5.0,
            low: 5.0,
            close: 5.0,
        };
        let averages = moving_average(&[bar; 4], 3);
        assert_eq!(averages, [None, None, Some(5.0), Some(5.0)]);
    }

    #[test]
    fn relative_strength_stays_in_range() {
        let bars = random_walk("FX:EURUSD", 300);
        for value in relative_strength(&bars, 14).into_iter().flatten() {
            assert!((0.0..=100.0).contains(&value), "{value}");
        }
    }
}
