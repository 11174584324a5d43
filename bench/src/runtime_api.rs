//! An emulation of the Lambda runtime API on loopback: enough of it for `lambda_runtime` to
//! fetch events and post responses, with the time each step happened.
//!
//! `GET /2018-06-01/runtime/invocation/next` waits for a queued event and returns it with the
//! `Lambda-Runtime-Aws-Request-Id`, `Lambda-Runtime-Deadline-Ms`,
//! `Lambda-Runtime-Invoked-Function-Arn` and `Lambda-Runtime-Trace-Id` headers.
//! `POST .../invocation/{id}/response` and `.../invocation/{id}/error` complete it, and
//! `POST /2018-06-01/runtime/init/error` fails every invocation still waiting.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// How long Lambda would let each invocation run; only sent in `Lambda-Runtime-Deadline-Ms`.
const INVOCATION_TIMEOUT: Duration = Duration::from_secs(30);

/// The way an invocation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `POST .../invocation/{id}/response`.
    Response,
    /// `POST .../invocation/{id}/error`.
    Error,
    /// `POST /2018-06-01/runtime/init/error`: the function failed before it asked for events.
    InitError,
}

/// One finished invocation.
#[derive(Debug)]
pub struct Outcome {
    /// When the function asked for this event (`GET .../next` arrived).
    pub polled_at: Instant,
    /// When the event was handed to the function.
    pub delivered_at: Instant,
    /// When the whole response or error body had arrived.
    pub ended_at: Instant,
    pub ending: Ending,
    pub body: Bytes,
}

impl Outcome {
    /// Returns the time from handing over the event to receiving the response: the part of an
    /// invocation that Lambda bills, less the network between Lambda's service and the host.
    pub fn duration(&self) -> Duration {
        self.ended_at - self.delivered_at
    }

    /// Returns the `statusCode` of an API Gateway proxy response, if the body is one.
    pub fn status_code(&self) -> Option<u16> {
        let body: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        body["statusCode"]
            .as_u64()
            .and_then(|code| code.try_into().ok())
    }
}

struct Queued {
    request_id: String,
    event: String,
}

struct Waiting {
    polled_at: Option<Instant>,
    delivered_at: Option<Instant>,
    reply: oneshot::Sender<Outcome>,
}

struct Shared {
    function_arn: String,
    sender: mpsc::UnboundedSender<Queued>,
    queue: tokio::sync::Mutex<mpsc::UnboundedReceiver<Queued>>,
    waiting: Mutex<HashMap<String, Waiting>>,
}

/// A running runtime API. Dropping it stops the server.
pub struct RuntimeApi {
    address: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
    next_id: u64,
}

impl RuntimeApi {
    /// Starts the API on a free loopback port for the function named `function_name`.
    pub async fn start(function_name: &str) -> std::io::Result<Self> {
        let (sender, receiver) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            function_arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{function_name}"),
            sender,
            queue: tokio::sync::Mutex::new(receiver),
            waiting: Mutex::new(HashMap::new()),
        });
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next_event))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(invocation_response),
            )
            .route(
                "/2018-06-01/runtime/invocation/{id}/error",
                post(invocation_error),
            )
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .layer(DefaultBodyLimit::disable())
            .with_state(Arc::clone(&shared));
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(RuntimeApi {
            address,
            shared,
            server,
            next_id: 0,
        })
    }

    /// Returns `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn host(&self) -> String {
        self.address.to_string()
    }

    /// Returns a fresh request id, shaped like Lambda's.
    pub fn request_id(&mut self) -> String {
        self.next_id += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.next_id)
    }

    /// Queues an event under `request_id`; the receiver yields its outcome.
    pub fn invoke(&self, request_id: &str, event: String) -> oneshot::Receiver<Outcome> {
        let (reply, outcome) = oneshot::channel();
        self.shared.waiting.lock().unwrap().insert(
            request_id.to_owned(),
            Waiting {
                polled_at: None,
                delivered_at: None,
                reply,
            },
        );
        let queued = Queued {
            request_id: request_id.to_owned(),
            event,
        };
        let _ = self.shared.sender.send(queued);
        outcome
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn next_event(State(shared): State<Arc<Shared>>) -> Response {
    let polled_at = Instant::now();
    let queued = shared.queue.lock().await.recv().await;
    let Some(Queued { request_id, event }) = queued else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    if let Some(waiting) = shared.waiting.lock().unwrap().get_mut(&request_id) {
        waiting.polled_at = Some(polled_at);
        waiting.delivered_at = Some(Instant::now());
    }
    let deadline = SystemTime::now() + INVOCATION_TIMEOUT;
    let deadline_ms = deadline
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis()
        .to_string();
    let trace_id = trace_id(&request_id);
    (
        [
            (header::CONTENT_TYPE.as_str(), "application/json".to_owned()),
            ("lambda-runtime-aws-request-id", request_id),
            ("lambda-runtime-deadline-ms", deadline_ms),
            (
                "lambda-runtime-invoked-function-arn",
                shared.function_arn.clone(),
            ),
            ("lambda-runtime-trace-id", trace_id),
        ],
        event,
    )
        .into_response()
}

async fn invocation_response(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> StatusCode {
    finish(&shared, &id, Ending::Response, body)
}

async fn invocation_error(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> StatusCode {
    finish(&shared, &id, Ending::Error, body)
}

async fn init_error(State(shared): State<Arc<Shared>>, body: Bytes) -> StatusCode {
    let ended_at = Instant::now();
    let waiting: Vec<Waiting> = shared
        .waiting
        .lock()
        .unwrap()
        .drain()
        .map(|(_, waiting)| waiting)
        .collect();
    for waiting in waiting {
        let _ = waiting.reply.send(Outcome {
            polled_at: ended_at,
            delivered_at: ended_at,
            ended_at,
            ending: Ending::InitError,
            body: body.clone(),
        });
    }
    StatusCode::ACCEPTED
}

fn finish(shared: &Shared, id: &str, ending: Ending, body: Bytes) -> StatusCode {
    let ended_at = Instant::now();
    let Some(waiting) = shared.waiting.lock().unwrap().remove(id) else {
        return StatusCode::NOT_FOUND;
    };
    let delivered_at = waiting.delivered_at.unwrap_or(ended_at);
    let _ = waiting.reply.send(Outcome {
        polled_at: waiting.polled_at.unwrap_or(delivered_at),
        delivered_at,
        ended_at,
        ending,
        body,
    });
    StatusCode::ACCEPTED
}

/// Returns an X-Ray trace header whose id is the last 24 hex digits of the request id.
fn trace_id(request_id: &str) -> String {
    let digits: String = request_id.chars().filter(char::is_ascii_hexdigit).collect();
    let tail = &digits[digits.len().saturating_sub(24)..];
    format!("Root=1-00000000-{tail:0>24};Parent=0000000000000001;Sampled=0")
}
