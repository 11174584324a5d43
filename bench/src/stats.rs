//! Order statistics of measured durations and the memory figures the kernel keeps per process.

use std::fmt;
use std::time::Duration;

/// The spread of a set of durations, by the nearest-rank method.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub count: usize,
    pub min: Duration,
    pub median: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Summary {
    /// Summarizes `samples`, or returns `None` when there are none.
    pub fn of(samples: &[Duration]) -> Option<Self> {
        if samples.is_empty() {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        Some(Summary {
            count: sorted.len(),
            min: sorted[0],
            median: percentile(&sorted, 50.0),
            p99: percentile(&sorted, 99.0),
            max: sorted[sorted.len() - 1],
        })
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "n={} min={} median={} p99={} max={}",
            self.count,
            format_duration(self.min),
            format_duration(self.median),
            format_duration(self.p99),
            format_duration(self.max)
        )
    }
}

/// Returns the nearest-rank percentile of sorted samples: the smallest sample that at least
/// `percent` of the samples do not exceed.
fn percentile(sorted: &[Duration], percent: f64) -> Duration {
    let rank = (percent / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Formats a duration in the unit that keeps three significant digits readable.
pub fn format_duration(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1_000.0 {
        format!("{micros:.1}µs")
    } else {
        format!("{:.2}ms", micros / 1_000.0)
    }
}

/// Memory figures of a running process from `/proc/PID/status`, in KiB.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessMemory {
    /// `VmHWM`: the peak resident set size since the process started.
    pub peak_kib: u64,
    /// `VmRSS`: the resident set size now.
    pub resident_kib: u64,
}

impl ProcessMemory {
    /// Reads the figures of process `pid`. Fails when the process is gone or the kernel has no
    /// `/proc`.
    pub fn read(pid: u32) -> std::io::Result<Self> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        Ok(ProcessMemory {
            peak_kib: field("VmHWM:"),
            resident_kib: field("VmRSS:"),
        })
    }
}

impl fmt::Display for ProcessMemory {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "VmHWM={:.1}MiB VmRSS={:.1}MiB",
            self.peak_kib as f64 / 1024.0,
            self.resident_kib as f64 / 1024.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(values: &[u64]) -> Vec<Duration> {
        values.iter().copied().map(Duration::from_millis).collect()
    }

    #[test]
    fn summary_of_hundred_samples() {
        let samples = millis(&(1..=100).rev().collect::<Vec<_>>());
        let summary = Summary::of(&samples).unwrap();
        assert_eq!(summary.min, Duration::from_millis(1));
        assert_eq!(summary.median, Duration::from_millis(50));
        assert_eq!(summary.p99, Duration::from_millis(99));
        assert_eq!(summary.max, Duration::from_millis(100));
    }

    #[test]
    fn summary_of_one_sample() {
        let summary = Summary::of(&millis(&[7])).unwrap();
        assert_eq!(summary.median, Duration::from_millis(7));
        assert_eq!(summary.p99, Duration::from_millis(7));
    }

    #[test]
    fn summary_of_nothing() {
        assert!(Summary::of(&[]).is_none());
    }

    #[test]
    fn memory_of_this_process() {
        let memory = ProcessMemory::read(std::process::id()).unwrap();
        assert!(memory.peak_kib >= memory.resident_kib, "{memory}");
        assert!(memory.resident_kib > 0, "{memory}");
    }
}
