//! The accept loop: how many connections, for how long, and how the server
//! stops.
//!
//! `axum::serve` keeps every connection for as long as the client wants: an
//! idle keep-alive connection, a client that sends its headers one byte a
//! minute or one that never reads its response holds a task and a file
//! descriptor forever, and a graceful shutdown waits for all of them. This
//! loop serves the same [`Router`] over hyper's HTTP/1.1 connection with
//! bounds:
//!
//! - at most [`Limits::max_connections`] open connections, itself kept below
//!   the process's file-descriptor limit; past it a connection gets a short
//!   `503` with `Retry-After` and is closed;
//! - a client must send a request's headers within
//!   [`Limits::header_timeout`] — this also closes idle keep-alive
//!   connections and slow-header (slowloris) clients;
//! - a write that makes no progress for [`Limits::write_timeout`] (a client
//!   that stopped reading) fails and closes the connection, which drops the
//!   response body and with it the evaluation feeding it;
//! - on shutdown no new connection is accepted, running queries are
//!   cancelled, open connections are closed after their current response,
//!   and the loop returns after [`Limits::shutdown_grace`] at the latest.
//!
//! HTTP/2 is left to a reverse proxy in front: browsers speak it only over
//! TLS, which civkg does not terminate.

use std::future::Future;
use std::io;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::time::Sleep;

use super::ServerConfig;

/// File descriptors kept free for the store, the publication and logging
/// when connections are capped by the process limit (at least this many,
/// or a quarter of the limit).
const FD_RESERVE: usize = 256;

/// How many refusals (the `503` written to a connection past the cap) may
/// be in flight; past this, connections are closed without a word.
const MAX_REFUSALS: usize = 64;

/// The connection bounds, from the [`ServerConfig`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Open connections at most (already capped by the descriptor limit).
    pub max_connections: usize,
    /// Time a client has to send a request's headers, idle time included.
    pub header_timeout: Duration,
    /// Time a write may make no progress before the connection is closed.
    pub write_timeout: Duration,
    /// Time the server waits for open connections when it stops.
    pub shutdown_grace: Duration,
}

impl Limits {
    /// The configured limits, with connections capped below the process's
    /// open-file limit.
    pub fn new(config: &ServerConfig) -> Self {
        let max_connections = match open_file_limit() {
            Some(limit) => {
                let reserve = FD_RESERVE.max(limit / 4);
                config
                    .max_connections
                    .min(limit.saturating_sub(reserve).max(1))
            }
            None => config.max_connections,
        };
        Self {
            max_connections,
            header_timeout: config.header_timeout,
            write_timeout: config.write_timeout,
            shutdown_grace: config.shutdown_grace,
        }
    }
}

/// The soft `RLIMIT_NOFILE` of this process, read from `/proc/self/limits`
/// (no `unsafe` needed); `None` where that file does not exist.
fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Serves `app` on `listener` until `shutdown` resolves (see the module
/// documentation for the bounds); `stopping` is told first, so that the
/// handlers cancel what they run.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stopping: watch::Sender<bool>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let refusals = Arc::new(Semaphore::new(MAX_REFUSALS));
    let service = TowerToHyperService::new(app);
    let mut shutdown = pin!(shutdown);
    tracing::debug!(?limits, "accepting connections");
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let tcp = match accepted {
            Ok((tcp, _)) => tcp,
            Err(error) => {
                // Out of descriptors or a connection reset before accept:
                // back off instead of spinning.
                tracing::warn!(%error, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        match connections.clone().try_acquire_owned() {
            Ok(permit) => {
                let service = service.clone();
                let stop = stopping.subscribe();
                tokio::spawn(async move {
                    connection(tcp, service, limits, stop).await;
                    drop(permit);
                });
            }
            Err(_) => {
                if let Ok(permit) = refusals.clone().try_acquire_owned() {
                    tokio::spawn(async move {
                        refuse(tcp).await;
                        drop(permit);
                    });
                }
            }
        }
    }
    tracing::info!("stopping: cancelling running queries and closing connections");
    // Receivers may all be gone already; nothing to tell then.
    let _ = stopping.send(true);
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(limits.shutdown_grace, connections.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!(
            open = limits.max_connections - connections.available_permits(),
            "connections still open after the shutdown grace period; closing them"
        );
    }
    Ok(())
}

type Service = TowerToHyperService<Router>;

async fn connection(
    tcp: TcpStream,
    service: Service,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    // Small responses go out at once; failure only costs latency.
    let _ = tcp.set_nodelay(true);
    let io = TokioIo::new(WriteTimeout::new(tcp, limits.write_timeout));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let mut conn = pin!(builder.serve_connection(io, service));
    let mut stopping = pin!(stop.wait_for(|stop| *stop));
    let mut told = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, "connection closed");
                }
                return;
            }
            _ = &mut stopping, if !told => {
                // Finishes the response in flight, then closes.
                conn.as_mut().graceful_shutdown();
                told = true;
            }
        }
    }
}

/// The answer to a connection past the cap.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Retry-After: 1\r\n\
Connection: close\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Length: 45\r\n\
\r\n\
too many open connections; retry in a second\n";

async fn refuse(mut tcp: TcpStream) {
    let answer = async {
        tcp.write_all(BUSY).await?;
        tcp.shutdown().await?;
        // Read what the client sent, so that closing does not reset the
        // connection before it has read the answer.
        let mut sink = [0u8; 4096];
        while tcp.read(&mut sink).await? > 0 {}
        io::Result::Ok(())
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), answer).await;
}

/// A stream whose writes fail once they have made no progress for `limit`.
struct WriteTimeout<T> {
    inner: T,
    limit: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<T> WriteTimeout<T> {
    fn new(inner: T, limit: Duration) -> Self {
        Self {
            inner,
            limit,
            stalled: None,
        }
    }

    /// Called when the inner write is pending: starts the stall timer, or
    /// fails when it has run out.
    fn stall<R>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<R>> {
        let limit = self.limit;
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("the client read nothing for {} s", limit.as_secs_f64()),
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn progress<R>(
        &mut self,
        poll: Poll<io::Result<R>>,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<R>> {
        match poll {
            Poll::Ready(result) => {
                self.stalled = None;
                Poll::Ready(result)
            }
            Poll::Pending => self.stall(cx),
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for WriteTimeout<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for WriteTimeout<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.progress(poll, cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.progress(poll, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.progress(poll, cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.progress(poll, cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busy_answer_has_the_length_it_announces() {
        let text = std::str::from_utf8(BUSY).unwrap_or_default();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or_default();
        assert!(
            head.contains(&format!("Content-Length: {}", body.len())),
            "{text}"
        );
    }

    #[test]
    fn connections_stay_below_the_descriptor_limit() {
        let config = ServerConfig {
            max_connections: usize::MAX,
            ..ServerConfig::new("store", crate::graph::DEFAULT_BASE)
        };
        let limits = Limits::new(&config);
        if let Some(fds) = open_file_limit() {
            assert!(
                limits.max_connections < fds,
                "{limits:?} with {fds} descriptors"
            );
        }
    }
}
