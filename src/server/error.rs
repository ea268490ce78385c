//! Errors: [`ServerError`] when the server cannot start, [`HttpError`] for
//! one request. Client errors pass through with their reason; internal
//! errors become a generic message and a log line.

use std::fmt::Display;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A preset query file is malformed.
    #[error(transparent)]
    Preset(#[from] crate::presets::PresetError),
    /// The configured base is not an absolute IRI.
    #[error("base `{base}` is not a valid IRI: {error}")]
    Base {
        /// The base given.
        base: String,
        /// Why it is invalid.
        error: String,
    },
}

/// An error response: a status and a plain-text reason.
#[derive(Debug)]
pub(crate) struct HttpError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    /// Seconds after which a retry may succeed (`Retry-After`).
    pub(crate) retry_after: Option<u32>,
}

impl HttpError {
    fn new(status: StatusCode, message: impl Display) -> Self {
        Self {
            status,
            message: message.to_string(),
            retry_after: None,
        }
    }

    /// 400: the request is malformed; `message` says how.
    pub(crate) fn bad_request(message: impl Display) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 403: writes are not allowed for this request.
    pub(crate) fn forbidden(message: impl Display) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 404.
    pub(crate) fn not_found(message: impl Display) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 406: none of the formats the client accepts is offered.
    pub(crate) fn not_acceptable(offered: &[&str]) -> Self {
        Self::new(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "none of the accepted media types is available; offered: {}",
                offered.join(", ")
            ),
        )
    }

    /// 415: the request body has a content type this route does not take.
    pub(crate) fn unsupported_media_type(got: &str, expected: &[&str]) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "unsupported content type `{got}`; expected one of: {}",
                expected.join(", ")
            ),
        )
    }

    /// 503: the query ran out of time before its first byte.
    pub(crate) fn timeout(limit: std::time::Duration) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "query cancelled: it exceeded the time limit of {} s (narrow it, or add a LIMIT)",
                limit.as_secs_f64()
            ),
        )
    }

    /// 503 with `Retry-After`: every turn to evaluate or stream is taken.
    pub(crate) fn busy(message: impl Display) -> Self {
        Self {
            retry_after: Some(1),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("server busy: {message}; retry"),
            )
        }
    }

    /// 503 when the memory ceiling cancelled the query (`cancelled` says
    /// whether it did); `None` otherwise.
    pub(crate) fn over_memory(ceiling: u64, cancelled: bool) -> Option<Self> {
        cancelled.then(|| Self {
            retry_after: Some(5),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "query cancelled: the server's memory grew by more than its ceiling of {} MB while it ran (narrow it, or add a LIMIT)",
                    ceiling >> 20
                ),
            )
        })
    }

    /// 503 when the server stopped while the query ran.
    pub(crate) fn stopping() -> Self {
        Self {
            retry_after: Some(5),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "query cancelled: the server is shutting down",
            )
        }
    }

    /// 500: logs `error` and tells the client only that something failed.
    pub(crate) fn internal(error: impl Display) -> Self {
        tracing::error!(%error, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let mut response = (self.status, format!("{}\n", self.message)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_do_not_leak_their_text() {
        let e = HttpError::internal("rocksdb: /secret/path corrupted");
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.message.contains("secret"));
    }

    #[test]
    fn client_errors_keep_their_reason() {
        let e = HttpError::bad_request("error at 1:8: expected WHERE");
        assert_eq!(e.message, "error at 1:8: expected WHERE");
    }
}
