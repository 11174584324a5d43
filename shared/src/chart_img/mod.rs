//! The chart-img HTTP client.
