//! Servers and fixtures for the chart service's tests. Everything listens on 127.0.0.1 on a
//! port the operating system picks, and stops when its handle is dropped.
//!
//! - [`Moto`]: the moto S3 server as a child process, found in `.venv/bin` or on `PATH`.
//! - [`EmbeddedStore`]: the local API's s3s-fs store over a temporary folder.
//! - [`Tripwire`]: a listener that only counts the connections that reach it.
//! - [`BlackHole`]: a listener that accepts connections and never responds.
//! - [`FaultProxy`]: a proxy to an S3 server that corrupts uploads or delays responses.
//! - [`ImageOrigin`]: an HTTP server of the fixture images, redirects and misbehaving bodies.
//! - [`ApiGatewayEvent`]: REST API proxy events built from the saved SAM events.
//! - [`fixtures`]: paths and bytes of the test images.
//! - [`bench`]: logging and percentiles for the handler benchmarks.

pub mod bench;
mod black_hole;
mod embedded;
mod events;
mod fault_proxy;
pub mod fixtures;
mod image_origin;
mod moto;
mod s3;
mod tripwire;

pub use black_hole::{BlackHole, closed_port};
pub use embedded::EmbeddedStore;
pub use events::ApiGatewayEvent;
pub use fault_proxy::{Fault, FaultProxy};
pub use image_origin::ImageOrigin;
pub use moto::Moto;
pub use s3::{StoredObject, list_keys, read_object, s3_client, unreachable_s3_client};
pub use tripwire::Tripwire;
