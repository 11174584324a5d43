//! A loopback HTTP server that plays the origin of `imageUrl`s: the fixture images, a
//! mislabelled one, markup, redirects, endless and slow bodies, and chosen statuses.
//!
//! | path | response |
//! |---|---|
//! | `/chart.png`, `/chart.jpg` | the fixture images with their content types |
//! | `/mislabelled.png` | the JPEG fixture sent as `image/png` |
//! | `/drawing.svg`, `/page.html` | an SVG image and an HTML page |
//! | `/redirect?to=URL` | `302 Found` to `URL` |
//! | `/hops/{n}` | `n` redirects in a row, then `/chart.png` |
//! | `/sized/{n}` | `n` bytes with a `Content-Length` |
//! | `/endless` | a chunked body that never ends |
//! | `/slow` | the PNG after 30 seconds |
//! | `/status/{code}` | that status and no body |

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use bytes::Bytes;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::fixtures;

const SVG: &str = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
                   width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n";
const HTML: &str = "<!DOCTYPE html>\n<html><body><img src=\"chart.png\"></body></html>\n";

#[derive(Clone)]
struct Shared {
    png: Bytes,
    jpeg: Bytes,
    requests: Arc<AtomicUsize>,
}

/// A running origin server on 127.0.0.1. Dropping it stops the server.
pub struct ImageOrigin {
    address: SocketAddr,
    requests: Arc<AtomicUsize>,
    server: JoinHandle<()>,
}

impl ImageOrigin {
    pub async fn start() -> Self {
        let shared = Shared {
            png: Bytes::from(fixtures::png()),
            jpeg: Bytes::from(fixtures::jpeg()),
            requests: Arc::new(AtomicUsize::new(0)),
        };
        let requests = Arc::clone(&shared.requests);
        let app = Router::new()
            .route(
                "/chart.png",
                get(|State(s): State<Shared>| async move { image(s.png, "image/png") }),
            )
            .route(
                "/chart.jpg",
                get(|State(s): State<Shared>| async move { image(s.jpeg, "image/jpeg") }),
            )
            .route(
                "/mislabelled.png",
                get(|State(s): State<Shared>| async move { image(s.jpeg, "image/png") }),
            )
            .route(
                "/drawing.svg",
                get(|| async { image(Bytes::from_static(SVG.as_bytes()), "image/svg+xml") }),
            )
            .route(
                "/page.html",
                get(|| async { image(Bytes::from_static(HTML.as_bytes()), "text/html") }),
            )
            .route("/redirect", get(redirect))
            .route("/hops/{count}", get(hops))
            .route("/sized/{length}", get(sized))
            .route("/endless", get(endless))
            .route("/slow", get(slow))
            .route("/status/{code}", get(status))
            .layer(axum::middleware::from_fn_with_state(shared.clone(), count))
            .with_state(shared);

        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("binding a loopback port");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        ImageOrigin {
            address,
            requests,
            server,
        }
    }

    /// Returns the origin, such as `http://127.0.0.1:41234`, to list as an allowed origin.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Returns the URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }

    /// Returns the number of requests served so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for ImageOrigin {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn count(
    State(shared): State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    next.run(request).await
}

fn image(bytes: Bytes, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
}

async fn redirect(Query(query): Query<HashMap<String, String>>) -> Response {
    match query.get("to") {
        Some(target) => Redirect::to(target).into_response(),
        None => StatusCode::BAD_REQUEST.into_response(),
    }
}

async fn hops(Path(count): Path<u32>) -> Response {
    if count == 0 {
        return Redirect::to("/chart.png").into_response();
    }
    Redirect::to(&format!("/hops/{}", count - 1)).into_response()
}

async fn sized(Path(length): Path<usize>) -> Response {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(length.max(8), 0);
    image(Bytes::from(bytes), "image/png")
}

async fn endless() -> Response {
    let chunk = Bytes::from(vec![0u8; 64 * 1024]);
    let stream = futures_util::stream::repeat(Ok::<_, Infallible>(chunk));
    (
        [(header::CONTENT_TYPE, "image/png")],
        Body::from_stream(stream),
    )
        .into_response()
}

async fn slow(State(shared): State<Shared>) -> Response {
    tokio::time::sleep(Duration::from_secs(30)).await;
    image(shared.png, "image/png")
}

async fn status(Path(code): Path<u16>) -> Response {
    StatusCode::from_u16(code)
        .unwrap_or(StatusCode::BAD_REQUEST)
        .into_response()
}
