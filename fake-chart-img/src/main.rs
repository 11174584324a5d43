//! A stand-in for chart-img.com.

fn main() {}
