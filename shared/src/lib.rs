//! Code shared by the chart service's Lambda functions, the local API server and the tests.
//!
//! Each module holds one concept: the chart-img config model and its tables (`chart`), turning
//! plain language into a config (`construct`), checking a config against a plan (`validate`),
//! talking to chart-img (`chart_img`), storing images in S3 (`storage`), the `/api/v1` envelope
//! and error mapping (`api`), the AWS SDK's HTTP client (`aws`), and settings read from the environment (`settings`).

pub mod api;
pub mod aws;
pub mod chart;
pub mod chart_img;
pub mod construct;
pub mod settings;
pub mod storage;
pub mod telemetry;
pub mod validate;
