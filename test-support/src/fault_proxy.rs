//! A loopback TCP proxy in front of an S3 server that records the head of every request and
//! can inject one fault. It either flips the first body byte of every PUT on its way to the
//! server, or delays every chunk the server sends back. The first shows whether S3 rejects a
//! body that changed on the way. The second makes S3 slower than the client's deadline after
//! the write already reached it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The fault a [`FaultProxy`] injects.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Passes everything on unchanged.
    None,
    /// Inverts the bits of the first body byte of each PUT request.
    CorruptPutBodies,
    /// Waits this long before passing on each chunk of the server's responses.
    DelayResponses(Duration),
}

/// A running proxy on 127.0.0.1. Dropping it stops accepting connections.
pub struct FaultProxy {
    address: SocketAddr,
    heads: Arc<Mutex<Vec<String>>>,
    accept_loop: JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy to `upstream`, an endpoint such as `http://127.0.0.1:41234`.
    pub async fn start(upstream: &str, fault: Fault) -> Self {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("the upstream is http://IP:PORT");
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("binding a loopback port");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let heads = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&heads);
        let accept_loop = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(relay(client, upstream, fault, Arc::clone(&recorded)));
            }
        });
        FaultProxy {
            address,
            heads,
            accept_loop,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns the request line and headers of every request passed on so far.
    pub fn request_heads(&self) -> Vec<String> {
        self.heads
            .lock()
            .expect("the head list is never poisoned")
            .clone()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

async fn relay(
    client: TcpStream,
    upstream: SocketAddr,
    fault: Fault,
    heads: Arc<Mutex<Vec<String>>>,
) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let corrupt = matches!(fault, Fault::CorruptPutBodies);
    let delay = match fault {
        Fault::DelayResponses(delay) => delay,
        _ => Duration::ZERO,
    };
    let requests = forward_requests(client_read, server_write, corrupt, heads);
    let responses = copy(server_read, client_write, delay);
    let _ = tokio::join!(requests, responses);
}

/// Copies until end of stream, waiting `delay` before each chunk.
async fn copy(
    mut from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    delay: Duration,
) -> std::io::Result<()> {
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = from.read(&mut buffer).await?;
        if read == 0 {
            return to.shutdown().await;
        }
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        to.write_all(&buffer[..read]).await?;
    }
}

/// Passes HTTP/1.1 requests on and records their heads, inverting the first body byte of each
/// PUT when `corrupt` is set. Requests must carry `Content-Length`; after any other request the
/// rest of the stream is copied as it is.
async fn forward_requests(
    mut from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    corrupt: bool,
    heads: Arc<Mutex<Vec<String>>>,
) -> std::io::Result<()> {
    let mut pending: Vec<u8> = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let head_end = loop {
            if let Some(position) = find(&pending, b"\r\n\r\n") {
                break position + 4;
            }
            let read = from.read(&mut buffer).await?;
            if read == 0 {
                to.write_all(&pending).await?;
                return to.shutdown().await;
            }
            pending.extend_from_slice(&buffer[..read]);
        };
        let head = String::from_utf8_lossy(&pending[..head_end]).to_string();
        heads
            .lock()
            .expect("the head list is never poisoned")
            .push(head.clone());
        let Some(length) = content_length(&head) else {
            to.write_all(&pending).await?;
            return copy(from, to, Duration::ZERO).await;
        };
        let is_put = corrupt && head.starts_with("PUT ");
        to.write_all(&pending[..head_end]).await?;
        pending.drain(..head_end);

        let mut remaining = length;
        let mut first = true;
        while remaining > 0 {
            if pending.is_empty() {
                let read = from.read(&mut buffer).await?;
                if read == 0 {
                    return to.shutdown().await;
                }
                pending.extend_from_slice(&buffer[..read]);
            }
            let take = remaining.min(pending.len());
            let mut chunk: Vec<u8> = pending.drain(..take).collect();
            if is_put && first {
                chunk[0] = !chunk[0];
            }
            first = false;
            to.write_all(&chunk).await?;
            remaining -= take;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn content_length(head: &str) -> Option<usize> {
    let mut length = Some(0);
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.eq_ignore_ascii_case("transfer-encoding") {
            return None;
        }
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().ok();
        }
    }
    length
}
