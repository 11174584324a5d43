//! Runs the chart service locally on one port.

fn main() {}
