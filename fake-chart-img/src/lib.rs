//! A stand-in for chart-img.com.
