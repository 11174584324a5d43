//! The chart service on one local port, as API Gateway serves it in AWS: the routes of the
//! construct, generate and upload functions behind one `ApiService`, and the stored charts at
//! the URLs that uploads return.
//!
//! Uploads go through the AWS SDK to one of three S3 targets ([`S3Target`]): an embedded
//! s3s-fs store over a data folder (the default, so nothing else has to run), an S3-compatible
//! server such as moto, or real S3. Tests start the whole server in-process with
//! [`LocalApi::start`] on a free port and read objects back through [`LocalApi::s3`].

pub mod embedded_s3;
mod objects;
mod server;
mod verified_fs;

pub use server::{DEFAULT_BUCKET, LocalApi, LocalApiOptions, S3Target, StartError};
