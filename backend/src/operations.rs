//! The API's route table: every operation is added here with who may call
//! it and what its body is, and the router, the OpenAPI description
//! (`GET /api/openapi.json`) and the access-matrix test are all read from
//! it. A route cannot be added without its access rule.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::AppState;

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// The payment gateway: its notification carries its signature.
    Gateway,
    /// A signed-in applicant, on their own data only (another's is 404).
    Applicant,
    /// Any signed-in staff member, even one who must first choose a new
    /// password (who they are, the password, signing out).
    Member,
    /// A staff member, on their provider's data only (another provider's is
    /// 404; the external body sees only what was referred to it).
    Staff,
    /// The provider's own staff: not the external body (409 `not-allowed`).
    Internal,
    /// A staff member acting on a case of their provider: the chain's step
    /// and the member's role decide whether the act is allowed.
    Acting,
    /// The provider's administrator.
    Admin,
    /// A counter: a service centre's operator (or its head, who watches
    /// the queue), or a provider's clerk taking applications in person; on
    /// their own organisation's intakes only (another's is 404).
    Desk,
}

/// One operation of the API.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Its method.
    pub method: Method,
    /// Its path under `/api`, in the router's syntax (`/cases/{id}`).
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// What it does, in a line.
    pub summary: &'static str,
    /// The JSON body's schema, if it takes one.
    pub body: Option<fn(&mut SchemaGenerator) -> Schema>,
    /// The query string's schema, if it takes one.
    pub query: Option<fn(&mut SchemaGenerator) -> Schema>,
    /// A raw body (a file) instead of JSON.
    pub raw_body: bool,
}

/// The router being built, with its table.
#[derive(Default)]
pub struct Api {
    router: Router<AppState>,
    operations: Vec<Operation>,
}

impl Api {
    /// An empty API.
    pub fn new() -> Api {
        Api::default()
    }

    /// Adds an operation with a ready method router (one that carries a
    /// layer of its own, say).
    pub fn route(
        mut self,
        method: Method,
        path: &'static str,
        access: Access,
        summary: &'static str,
        route: MethodRouter<AppState>,
    ) -> Api {
        self.router = self.router.route(path, route);
        self.operations.push(Operation {
            method,
            path,
            access,
            summary,
            body: None,
            query: None,
            raw_body: false,
        });
        self
    }

    /// Adds a GET.
    pub fn get<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        summary: &'static str,
        handler: H,
    ) -> Api {
        self.route(Method::GET, path, access, summary, axum::routing::get(handler))
    }

    /// Adds a POST.
    pub fn post<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        summary: &'static str,
        handler: H,
    ) -> Api {
        self.route(Method::POST, path, access, summary, axum::routing::post(handler))
    }

    /// Adds a PUT.
    pub fn put<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        summary: &'static str,
        handler: H,
    ) -> Api {
        self.route(Method::PUT, path, access, summary, axum::routing::put(handler))
    }

    /// Adds a DELETE.
    pub fn delete<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        summary: &'static str,
        handler: H,
    ) -> Api {
        self.route(Method::DELETE, path, access, summary, axum::routing::delete(handler))
    }

    fn last(&mut self) -> &mut Operation {
        // Only ever called right after an operation was added.
        let at = self.operations.len().saturating_sub(1);
        &mut self.operations[at]
    }

    /// The last operation added takes a JSON body of type `B`.
    pub fn body<B: JsonSchema>(mut self) -> Api {
        self.last().body = Some(|g| g.subschema_for::<B>());
        self
    }

    /// The last operation added takes a query string of type `Q`.
    pub fn query<Q: JsonSchema>(mut self) -> Api {
        self.last().query = Some(|g| g.subschema_for::<Q>());
        self
    }

    /// The last operation added takes a file as its raw body.
    pub fn raw_body(mut self) -> Api {
        self.last().raw_body = true;
        self
    }

    /// Both APIs.
    pub fn merge(mut self, other: Api) -> Api {
        self.router = self.router.merge(other.router);
        self.operations.extend(other.operations);
        self
    }

    /// The router and the table.
    pub fn into_parts(self) -> (Router<AppState>, Vec<Operation>) {
        (self.router, self.operations)
    }
}

/// The path's parameters, in order: `/cases/{id}/files/{sha256}` has `id`
/// and `sha256`.
pub fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

fn access_text(access: Access) -> &'static str {
    match access {
        Access::Public => "anyone",
        Access::Gateway => "the payment gateway (signed notification)",
        Access::Applicant => "the signed-in applicant, on their own data",
        Access::Member => "any signed-in staff member",
        Access::Staff => "a staff member, on their provider's data",
        Access::Internal => "the provider's own staff (not the external body)",
        Access::Acting => "a staff member acting on their provider's case, as the chain allows",
        Access::Admin => "the provider's administrator",
        Access::Desk => "a counter's operator or clerk, on their organisation's intakes",
    }
}

/// The OpenAPI 3.1 description of the operations.
pub fn openapi(operations: &[Operation]) -> Value {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let problem = generator.subschema_for::<shared::api::Problem>();
    let mut paths = Map::new();
    for op in operations {
        let mut parameters: Vec<Value> = path_parameters(op.path)
            .into_iter()
            .map(|name| {
                let schema = if name == "year" {
                    json!({"type": "integer"})
                } else {
                    json!({"type": "string"})
                };
                json!({"name": name, "in": "path", "required": true, "schema": schema})
            })
            .collect();
        if let Some(query) = op.query {
            let schema = query(&mut generator);
            let resolved = resolve(&generator, &schema);
            let required: Vec<&str> = resolved
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(properties) = resolved.get("properties").and_then(Value::as_object) {
                for (name, schema) in properties {
                    parameters.push(json!({
                        "name": name, "in": "query", "required": required.contains(&name.as_str()), "schema": schema
                    }));
                }
            }
        }
        let mut operation = json!({
            "summary": op.summary,
            "description": format!("Who: {}.", access_text(op.access)),
            "operationId": format!("{} {}", op.method, op.path),
            "x-access": format!("{:?}", op.access),
            "parameters": parameters,
            "responses": {
                "2XX": {"description": "done"},
                "4XX": {"description": "refused", "content": {"application/problem+json": {"schema": problem.clone()}}},
                "5XX": {"description": "failed", "content": {"application/problem+json": {"schema": problem.clone()}}},
            },
        });
        if let Some(body) = op.body {
            let schema = body(&mut generator);
            operation["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema}}});
        } else if op.raw_body {
            operation["requestBody"] = json!({"required": true, "content": {
                "application/octet-stream": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}
            }});
        }
        let method = op.method.as_str().to_ascii_lowercase();
        let entry = paths
            .entry(format!("/api{}", op.path))
            .or_insert_with(|| Value::Object(Map::new()));
        entry[method] = operation;
    }
    let schemas: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Ruqsat",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The e-licensing portal's API. Errors are application/problem+json (RFC 9457) with a stable `code` and, for forms, field errors.",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

/// A schema with its `$ref` into the definitions followed.
fn resolve(generator: &SchemaGenerator, schema: &Schema) -> Value {
    let value = schema.as_value().clone();
    let Some(name) = value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
    else {
        return value;
    };
    generator.definitions().get(name).cloned().unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_are_read_from_the_path() {
        assert_eq!(path_parameters("/staff/cases/{id}/files/{sha256}"), ["id", "sha256"]);
        assert!(path_parameters("/health").is_empty());
    }
}
