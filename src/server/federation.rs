//! `SERVICE`: refused unless `--allow-federation`, then evaluated by a
//! small SPARQL 1.1 Protocol client (plain HTTP; this build has no TLS).
//!
//! Queries are checked before evaluation, by walking their algebra, so a
//! refused query gets a 400 with nothing evaluated.

use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};

use oxigraph::model::NamedNode;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{DefaultServiceHandler, QuerySolution, QuerySolutionIter};
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern};
use spargebra::term::NamedNodePattern;
use spargebra::Query;

/// Largest SERVICE response read: bounds memory like the request limit.
const MAX_SERVICE_RESPONSE_BYTES: u64 = 64 << 20;

/// The first `SERVICE` of a query: its IRI (or variable) as written.
pub(crate) fn first_service(query: &Query) -> Option<String> {
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    service_in_pattern(pattern)
}

fn service_in_pattern(p: &GraphPattern) -> Option<String> {
    match p {
        GraphPattern::Service { name, .. } => Some(match name {
            NamedNodePattern::NamedNode(n) => n.to_string(),
            NamedNodePattern::Variable(v) => v.to_string(),
        }),
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => None,
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => {
            service_in_pattern(left).or_else(|| service_in_pattern(right))
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => service_in_pattern(left)
            .or_else(|| service_in_pattern(right))
            .or_else(|| expression.as_ref().and_then(service_in_expression)),
        GraphPattern::Filter { expr, inner } => {
            service_in_expression(expr).or_else(|| service_in_pattern(inner))
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => service_in_expression(expression).or_else(|| service_in_pattern(inner)),
        GraphPattern::OrderBy { inner, expression } => service_in_pattern(inner).or_else(|| {
            expression.iter().find_map(|o| match o {
                spargebra::algebra::OrderExpression::Asc(e)
                | spargebra::algebra::OrderExpression::Desc(e) => service_in_expression(e),
            })
        }),
        GraphPattern::Group {
            inner, aggregates, ..
        } => service_in_pattern(inner).or_else(|| {
            aggregates.iter().find_map(|(_, a)| match a {
                AggregateExpression::CountSolutions { .. } => None,
                AggregateExpression::FunctionCall { expr, .. } => service_in_expression(expr),
            })
        }),
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => service_in_pattern(inner),
    }
}

fn service_in_expression(e: &Expression) -> Option<String> {
    match e {
        Expression::Exists(p) => service_in_pattern(p),
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => None,
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => service_in_expression(a).or_else(|| service_in_expression(b)),
        Expression::In(a, list) => {
            service_in_expression(a).or_else(|| list.iter().find_map(service_in_expression))
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            service_in_expression(a)
        }
        Expression::If(a, b, c) => service_in_expression(a)
            .or_else(|| service_in_expression(b))
            .or_else(|| service_in_expression(c)),
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            list.iter().find_map(service_in_expression)
        }
    }
}

/// Errors of a federated call.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FederationError {
    /// The remote endpoint could not be reached or answered with an error.
    #[error("SERVICE <{service}>: {message}")]
    Remote {
        /// The endpoint.
        service: String,
        /// What went wrong.
        message: String,
    },
}

/// Sends the `SERVICE` pattern to the remote endpoint as a SELECT query
/// (SPARQL 1.1 Protocol, form POST) and reads back JSON results.
#[derive(Clone)]
pub(crate) struct HttpServiceHandler {
    client: reqwest::blocking::Client,
    deadline: Instant,
}

impl HttpServiceHandler {
    /// A handler whose calls end by `deadline` (the query's own).
    pub(crate) fn new(deadline: Instant) -> Result<Self, reqwest::Error> {
        let client = reqwest::blocking::Client::builder()
            .user_agent(concat!("civkg/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { client, deadline })
    }

    fn call(
        &self,
        service: &NamedNode,
        pattern: &GraphPattern,
    ) -> Result<QuerySolutionIter<'static>, FederationError> {
        let err = |message: String| FederationError::Remote {
            service: service.as_str().to_owned(),
            message,
        };
        let query = Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: None,
        }
        .to_string();
        let remaining = self
            .deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        let response = self
            .client
            .post(service.as_str())
            .header(
                reqwest::header::ACCEPT,
                QueryResultsFormat::Json.media_type(),
            )
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("query", &query)
                    .finish(),
            )
            .timeout(remaining)
            .send()
            .map_err(|e| err(e.to_string()))?;
        let status = response.status();
        let mut body = Vec::new();
        response
            .take(MAX_SERVICE_RESPONSE_BYTES)
            .read_to_end(&mut body)
            .map_err(|e| err(e.to_string()))?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body);
            return Err(err(format!("HTTP {status}: {}", text.trim())));
        }
        let parsed = QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_slice(&body)
            .map_err(|e| err(e.to_string()))?;
        let SliceQueryResultsParserOutput::Solutions(solutions) = parsed else {
            return Err(err("expected solutions, got a boolean".into()));
        };
        let variables: Arc<[oxigraph::sparql::Variable]> = solutions.variables().into();
        let rows: Vec<QuerySolution> = solutions
            .collect::<Result<_, _>>()
            .map_err(|e| err(e.to_string()))?;
        Ok(QuerySolutionIter::new(variables, rows.into_iter().map(Ok)))
    }
}

impl DefaultServiceHandler for HttpServiceHandler {
    type Error = FederationError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        _base_iri: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, Self::Error> {
        self.call(service_name, pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_is_found_wherever_it_hides() {
        let cases = [
            ("plain", "SELECT * { ?s ?p ?o }", None),
            (
                "top level",
                "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                Some("<http://example.org/sparql>"),
            ),
            (
                "in optional",
                "SELECT * { ?s ?p ?o OPTIONAL { SERVICE ?x { ?s ?q ?r } } }",
                Some("?x"),
            ),
            (
                "in filter exists",
                "ASK { ?s ?p ?o FILTER EXISTS { SERVICE <http://e.org/> { ?s ?p ?o } } }",
                Some("<http://e.org/>"),
            ),
            (
                "in subquery",
                "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { SERVICE SILENT <http://e.org/> { ?s ?p ?o } } LIMIT 1 } }",
                Some("<http://e.org/>"),
            ),
            (
                "the word in a literal is not a call",
                "SELECT * { ?s ?p \"SERVICE <http://e.org/>\" }",
                None,
            ),
        ];
        for (name, q, expected) in cases {
            let query = spargebra::SparqlParser::new().parse_query(q).unwrap();
            assert_eq!(first_service(&query).as_deref(), expected, "{name}");
        }
    }
}
