//! `/dumps/{file}`: the latest publication written by `civkg publish`
//! (see [`crate::publish`]), served as static files with their media type.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::error::HttpError;
use super::state::AppState;
use crate::publish;

/// Serves one file of the current publication.
pub(crate) async fn file(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    // One path segment of ordinary characters: nothing outside the publication.
    if name.is_empty()
        || name.starts_with('.')
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return HttpError::not_found(format!("no published file `{name}`")).into_response();
    }
    let Some(dir) = state.config().dumps.as_deref().and_then(publish::current) else {
        return HttpError::not_found("nothing published yet (run `civkg publish`)").into_response();
    };
    let path = dir.join(&name);
    match tokio::task::spawn_blocking(move || std::fs::read(path)).await {
        Ok(Ok(bytes)) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(publish::media_type_of(&name)),
            );
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            );
            response
        }
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            HttpError::not_found(format!("no published file `{name}`")).into_response()
        }
        Ok(Err(e)) => HttpError::internal(e).into_response(),
        Err(e) => HttpError::internal(e).into_response(),
    }
}
