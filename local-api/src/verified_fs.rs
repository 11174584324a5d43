//! The embedded store's S3 implementation: s3s-fs, with writes made as safe as S3's.
//!
//! s3s-fs 0.14.1 writes a PUT's body to its final path before it compares the checksums, so a
//! body that fails `x-amz-checksum-sha256` is rejected but stays stored. It also checks
//! `If-None-Match: *` and writes in two steps, so two conditional PUTs of one key can both
//! succeed, and it creates a missing bucket's folder instead of returning `NoSuchBucket`. This
//! wrapper checks that the bucket exists and that the SHA-256 checksum matches before the
//! write, and runs conditional PUTs one at a time. Every other operation the service uses is
//! passed on unchanged.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::BytesMut;
use futures_util::StreamExt;
use s3s::dto::{
    CopyObjectInput, CopyObjectOutput, CreateBucketInput, CreateBucketOutput, DeleteObjectInput,
    DeleteObjectOutput, DeleteObjectsInput, DeleteObjectsOutput, GetBucketLocationInput,
    GetBucketLocationOutput, GetObjectInput, GetObjectOutput, HeadBucketInput, HeadBucketOutput,
    HeadObjectInput, HeadObjectOutput, ListBucketsInput, ListBucketsOutput, ListObjectsInput,
    ListObjectsOutput, ListObjectsV2Input, ListObjectsV2Output, PutObjectInput, PutObjectOutput,
    StreamingBlob,
};
use s3s::{S3, S3Request, S3Response, S3Result, s3_error};
use s3s_fs::FileSystem;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

use tokio::sync::Mutex;

pub(crate) struct VerifiedFs {
    fs: FileSystem,
    /// The data folder, which contains one folder per bucket.
    root: PathBuf,
    /// Held for the whole of each conditional PUT.
    conditional_writes: Mutex<()>,
}

impl VerifiedFs {
    pub(crate) fn new(fs: FileSystem, root: PathBuf) -> Self {
        VerifiedFs {
            fs,
            root,
            conditional_writes: Mutex::new(()),
        }
    }
}

#[async_trait::async_trait]
impl S3 for VerifiedFs {
    async fn put_object(
        &self,
        mut request: S3Request<PutObjectInput>,
    ) -> S3Result<S3Response<PutObjectOutput>> {
        // s3s validates bucket names before this point, so the name is a single folder name.
        if !self.root.join(&request.input.bucket).is_dir() {
            return Err(s3_error!(NoSuchBucket));
        }
        let Some(mut body) = request.input.body.take() else {
            return Err(s3_error!(IncompleteBody));
        };
        let mut bytes = BytesMut::new();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|error| s3_error!(IncompleteBody, "{error}"))?;
            bytes.extend_from_slice(&chunk);
        }
        let bytes = bytes.freeze();

        if let Some(expected) = &request.input.checksum_sha256 {
            let actual = STANDARD.encode(Sha256::digest(&bytes));
            if &actual != expected {
                return Err(s3_error!(
                    BadDigest,
                    "the body's SHA-256 does not match x-amz-checksum-sha256"
                ));
            }
        }
        request.input.body = Some(StreamingBlob::from(s3s::Body::from(bytes)));

        if request.input.if_none_match.is_some() {
            let _turn = self.conditional_writes.lock().await;
            return self.fs.put_object(request).await;
        }
        self.fs.put_object(request).await
    }

    async fn create_bucket(
        &self,
        request: S3Request<CreateBucketInput>,
    ) -> S3Result<S3Response<CreateBucketOutput>> {
        self.fs.create_bucket(request).await
    }

    async fn head_bucket(
        &self,
        request: S3Request<HeadBucketInput>,
    ) -> S3Result<S3Response<HeadBucketOutput>> {
        self.fs.head_bucket(request).await
    }

    async fn list_buckets(
        &self,
        request: S3Request<ListBucketsInput>,
    ) -> S3Result<S3Response<ListBucketsOutput>> {
        self.fs.list_buckets(request).await
    }

    async fn get_bucket_location(
        &self,
        request: S3Request<GetBucketLocationInput>,
    ) -> S3Result<S3Response<GetBucketLocationOutput>> {
        self.fs.get_bucket_location(request).await
    }

    async fn get_object(
        &self,
        request: S3Request<GetObjectInput>,
    ) -> S3Result<S3Response<GetObjectOutput>> {
        self.fs.get_object(request).await
    }

    async fn head_object(
        &self,
        request: S3Request<HeadObjectInput>,
    ) -> S3Result<S3Response<HeadObjectOutput>> {
        self.fs.head_object(request).await
    }

    async fn copy_object(
        &self,
        request: S3Request<CopyObjectInput>,
    ) -> S3Result<S3Response<CopyObjectOutput>> {
        self.fs.copy_object(request).await
    }

    async fn delete_object(
        &self,
        request: S3Request<DeleteObjectInput>,
    ) -> S3Result<S3Response<DeleteObjectOutput>> {
        self.fs.delete_object(request).await
    }

    async fn delete_objects(
        &self,
        request: S3Request<DeleteObjectsInput>,
    ) -> S3Result<S3Response<DeleteObjectsOutput>> {
        self.fs.delete_objects(request).await
    }

    async fn list_objects(
        &self,
        request: S3Request<ListObjectsInput>,
    ) -> S3Result<S3Response<ListObjectsOutput>> {
        self.fs.list_objects(request).await
    }

    async fn list_objects_v2(
        &self,
        request: S3Request<ListObjectsV2Input>,
    ) -> S3Result<S3Response<ListObjectsV2Output>> {
        self.fs.list_objects_v2(request).await
    }
}
