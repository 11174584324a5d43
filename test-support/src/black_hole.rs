//! Endpoints that fail the way a broken S3 does: a port where nothing listens, and a listener
//! that accepts connections but never sends a byte, like a server that hangs.

use std::net::SocketAddr;

use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

/// Returns a loopback port where nothing listens, so connections to it are refused.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("binding a loopback port");
    let port = listener
        .local_addr()
        .expect("a bound listener has an address")
        .port();
    drop(listener);
    port
}

/// A listener on 127.0.0.1 that keeps every connection open and silent until dropped.
pub struct BlackHole {
    address: SocketAddr,
    accept_loop: JoinHandle<()>,
}

impl BlackHole {
    pub async fn start() -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("binding a loopback port");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let open_connections: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let accept_loop = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                open_connections.lock().await.push(socket);
            }
        });
        BlackHole {
            address,
            accept_loop,
        }
    }

    /// Returns the listener's URL, such as `http://127.0.0.1:41234`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for BlackHole {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}
