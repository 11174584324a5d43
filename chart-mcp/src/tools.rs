//! The MCP tools: one per API route, under the names existing prompts already use.
//!
//! Each tool builds its request, forwards it to the API and shapes the response; no chart logic
//! runs here. Every outcome is logged once to stderr with the tool, the HTTP status and the
//! time taken. A failed call is a tool error the assistant can read, never a protocol error.

use std::time::Instant;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::{ServerHandler, tool, tool_handler, tool_router};

use crate::client::{ApiClient, ClientError};
use crate::params::{
    ConstructParams, DeleteParams, DocumentationParams, ExchangesParams, GenerateParams,
    HealthParams, ListParams, SymbolsParams, UploadParams, ValidateParams,
};
use crate::request::{self, ApiRequest, InputError};
use crate::result::{self, ToolKind};

/// The MCP server: the tools and the API client they share.
#[derive(Debug, Clone)]
pub(crate) struct ChartTools {
    client: ApiClient,
    tool_router: ToolRouter<Self>,
}

#[tool_router]
impl ChartTools {
    pub(crate) fn new(client: ApiClient) -> Self {
        ChartTools {
            client,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "Check that the chart API is up: its status, version and uptime, and \
                       whether chart-img and S3 storage are configured. With deep: true it also \
                       checks that both respond. Use it when other tools fail to connect.",
        annotations(
            title = "Check the chart API",
            read_only_hint = true,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    async fn health_check(&self, Parameters(params): Parameters<HealthParams>) -> CallToolResult {
        self.forward(
            "health_check",
            ToolKind::Health,
            Ok(request::health(&params)),
        )
        .await
    }

    #[tool(
        description = "Turn a plain-language chart request (\"ETH 4h with RSI and MACD, last 3 \
                       months\") into a chart-img config: symbol, interval, range, theme, style, \
                       size, indicators (studies) and drawings. Returns the config, one reasoning \
                       line per decision, and warnings. Nothing is rendered: use this first, \
                       then pass the config to generate_chart_image with persist: true to keep \
                       the chart at a permanent URL.",
        annotations(
            title = "Build a chart config from plain language",
            read_only_hint = true,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn construct_chart_config(
        &self,
        Parameters(params): Parameters<ConstructParams>,
    ) -> CallToolResult {
        self.forward(
            "construct_chart_config",
            ToolKind::Construct,
            Ok(request::construct(&params)),
        )
        .await
    }

    #[tool(
        description = "Check a chart-img config against a chart-img plan without rendering it. \
                       Returns valid, every error and warning by field, suggestions, and the \
                       plan's limits. Use it after editing a config by hand.",
        annotations(
            title = "Validate a chart config",
            read_only_hint = true,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn validate_chart_config(
        &self,
        Parameters(params): Parameters<ValidateParams>,
    ) -> CallToolResult {
        self.forward(
            "validate_chart_config",
            ToolKind::Validate,
            Ok(request::validate(&params)),
        )
        .await
    }

    #[tool(
        description = "Render a chart-img config as an image through chart-img. With persist: \
                       true the image is also stored in S3 and the result has its permanent \
                       `url`, `key` and `size`: use that whenever the user wants to keep or \
                       share the chart. With storage: false the image comes back as image \
                       content you can look at. Otherwise (the default) chart-img hosts it at a \
                       temporary imageUrl that expires. Each call renders a new image.",
        annotations(
            title = "Render a chart",
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    async fn generate_chart_image(
        &self,
        Parameters(params): Parameters<GenerateParams>,
    ) -> CallToolResult {
        self.forward(
            "generate_chart_image",
            ToolKind::Generate,
            Ok(request::generate(&params)),
        )
        .await
    }

    #[tool(
        description = "Store a chart image permanently in S3, from a URL (such as a temporary \
                       chart-img imageUrl) or from base64 bytes; set exactly one. Returns the \
                       permanent `url`, the storage `key`, `size`, `contentType` and `sha256`. \
                       To render and store in one step, use generate_chart_image with persist: \
                       true instead.",
        annotations(
            title = "Store a chart image",
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    async fn upload_chart_to_s3(
        &self,
        Parameters(params): Parameters<UploadParams>,
    ) -> CallToolResult {
        self.forward(
            "upload_chart_to_s3",
            ToolKind::Upload,
            request::upload(&params),
        )
        .await
    }

    #[tool(
        description = "List the exchange ids chart-img knows, such as BINANCE or NASDAQ. Use an \
                       id with get_symbols to find a ticker, then write the symbol as \
                       EXCHANGE:TICKER.",
        annotations(
            title = "List exchanges",
            read_only_hint = true,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    async fn get_exchanges(
        &self,
        Parameters(params): Parameters<ExchangesParams>,
    ) -> CallToolResult {
        self.forward(
            "get_exchanges",
            ToolKind::Exchanges,
            Ok(request::exchanges(&params)),
        )
        .await
    }

    #[tool(
        description = "List the symbols of one exchange, optionally only those matching a \
                       search text. Use it to find the exact ticker for a chart's symbol \
                       (EXCHANGE:TICKER).",
        annotations(
            title = "Find symbols on an exchange",
            read_only_hint = true,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    async fn get_symbols(&self, Parameters(params): Parameters<SymbolsParams>) -> CallToolResult {
        self.forward("get_symbols", ToolKind::Symbols, request::symbols(&params))
            .await
    }

    #[tool(
        description = "Get the chart documentation: indicator names and their inputs, every \
                       config parameter and its values, the plans' limits, and example configs. \
                       Use it to write or fix a config by hand.",
        annotations(
            title = "Read the chart documentation",
            read_only_hint = true,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn fetch_chart_documentation(
        &self,
        Parameters(params): Parameters<DocumentationParams>,
    ) -> CallToolResult {
        self.forward(
            "fetch_chart_documentation",
            ToolKind::Documentation,
            Ok(request::documentation(&params)),
        )
        .await
    }

    #[tool(
        description = "List the charts stored in S3, newest first, with their permanent URLs \
                       and keys, optionally only one symbol, interval or time span. A page has \
                       at most `limit` charts; pass its nextCursor as cursor for the next one.",
        annotations(
            title = "List stored charts",
            read_only_hint = true,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn list_stored_charts(
        &self,
        Parameters(params): Parameters<ListParams>,
    ) -> CallToolResult {
        self.forward(
            "list_stored_charts",
            ToolKind::List,
            Ok(request::list(&params)),
        )
        .await
    }

    #[tool(
        description = "Delete one stored chart by its key, as list_stored_charts returns it. Its \
                       permanent URL stops working, though a CDN may serve a cached copy for a \
                       while. This cannot be undone: confirm with the user first.",
        annotations(
            title = "Delete a stored chart",
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn delete_stored_chart(
        &self,
        Parameters(params): Parameters<DeleteParams>,
    ) -> CallToolResult {
        self.forward(
            "delete_stored_chart",
            ToolKind::Delete,
            request::delete(&params),
        )
        .await
    }
}

impl ChartTools {
    /// Sends `request` and shapes the outcome, logging it once.
    async fn forward(
        &self,
        tool: &'static str,
        kind: ToolKind,
        request: Result<ApiRequest, InputError>,
    ) -> CallToolResult {
        let request = match request {
            Ok(request) => request,
            Err(error) => {
                tracing::info!(tool, %error, "tool input rejected");
                return result::invalid_input(&error);
            }
        };

        let started = Instant::now();
        let outcome = self.client.send(&request).await;
        let elapsed_ms = started.elapsed().as_millis();
        match outcome {
            Ok(success) => {
                tracing::info!(
                    tool,
                    request_id = success.request_id.as_deref().unwrap_or(""),
                    elapsed_ms,
                    "tool call succeeded"
                );
                result::success(kind, success)
            }
            Err(error) => {
                log_failure(tool, elapsed_ms, &error);
                result::failure(&error)
            }
        }
    }
}

fn log_failure(tool: &'static str, elapsed_ms: u128, error: &ClientError) {
    match error {
        ClientError::Api {
            status,
            code,
            request_id,
            ..
        } => tracing::info!(
            tool,
            status,
            code = code.as_str(),
            request_id = request_id.as_deref().unwrap_or(""),
            elapsed_ms,
            "API returned an error"
        ),
        other => tracing::warn!(tool, elapsed_ms, error = %other, "API request failed"),
    }
}

#[tool_handler(
    router = self.tool_router,
    name = "chart-mcp",
    instructions = "Makes TradingView charts through the chart service. To chart something: \
                    construct_chart_config with the user's words, then generate_chart_image \
                    with the returned config and persist: true to get a permanent URL (or \
                    storage: false to look at the image). get_exchanges, get_symbols and \
                    fetch_chart_documentation help write a config by hand; \
                    list_stored_charts and delete_stored_chart manage kept charts."
)]
impl ServerHandler for ChartTools {}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use serde_json::Value;

    use super::*;
    use crate::settings::Settings;

    fn tools() -> Vec<rmcp::model::Tool> {
        let settings = Settings::from_lookup(|_| None::<OsString>).unwrap();
        ChartTools::new(ApiClient::new(&settings).unwrap())
            .tool_router
            .list_all()
    }

    fn find(name: &str) -> rmcp::model::Tool {
        tools()
            .into_iter()
            .find(|tool| tool.name == name)
            .unwrap_or_else(|| panic!("no tool named {name}"))
    }

    /// Returns the paths of properties, at any depth, that have no description.
    fn undescribed(schema: &Value, path: &str, missing: &mut Vec<String>) {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return;
        };
        for (name, property) in properties {
            let path = format!("{path}.{name}");
            if property.get("description").is_none() {
                missing.push(path.clone());
            }
            undescribed(property, &path, missing);
            for variant in ["anyOf", "oneOf"] {
                for branch in property
                    .get(variant)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    undescribed(branch, &path, missing);
                }
            }
        }
    }

    #[test]
    fn router_has_ten_tools() {
        let mut names: Vec<String> = tools().into_iter().map(|tool| tool.name.into()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "construct_chart_config",
                "delete_stored_chart",
                "fetch_chart_documentation",
                "generate_chart_image",
                "get_exchanges",
                "get_symbols",
                "health_check",
                "list_stored_charts",
                "upload_chart_to_s3",
                "validate_chart_config",
            ]
        );
    }

    #[test]
    fn every_property_is_described() {
        for tool in tools() {
            let schema = Value::Object(tool.input_schema.as_ref().clone());
            let mut missing = Vec::new();
            undescribed(&schema, &tool.name, &mut missing);
            assert!(missing.is_empty(), "no description: {missing:?}");
        }
    }

    #[test]
    fn schemas_have_no_references() {
        for tool in tools() {
            let schema = Value::Object(tool.input_schema.as_ref().clone()).to_string();
            assert!(!schema.contains("$ref"), "{}: {schema}", tool.name);
        }
    }

    #[test]
    fn only_delete_is_destructive() {
        for tool in tools() {
            let annotations = tool.annotations.clone().unwrap();
            let destructive = annotations.destructive_hint.unwrap_or(false);
            assert_eq!(
                destructive,
                tool.name == "delete_stored_chart",
                "{}",
                tool.name
            );
        }
    }

    #[test]
    fn construct_requires_natural_language() {
        let schema = find("construct_chart_config").input_schema;
        assert_eq!(
            schema.get("required"),
            Some(&serde_json::json!(["naturalLanguage"]))
        );
    }

    #[test]
    fn generate_storage_defaults_to_true() {
        let schema = Value::Object(find("generate_chart_image").input_schema.as_ref().clone());
        assert_eq!(
            schema.pointer("/properties/storage/default"),
            Some(&Value::Bool(true))
        );
    }

    #[test]
    fn format_lists_its_values() {
        let schema = Value::Object(find("generate_chart_image").input_schema.as_ref().clone());
        let format = schema.pointer("/properties/format").unwrap().to_string();
        assert!(format.contains("\"png\""), "{format}");
        assert!(format.contains("\"jpeg\""), "{format}");
    }
}
