//! Storing chart images in S3: object keys, content sniffing, metadata and the upload itself.
