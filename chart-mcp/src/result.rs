//! Turns API responses into tool results.
//!
//! A success carries the API's `data` as structured content, plus two text blocks: a short
//! summary (what was made, its URL, the warnings, the next step) and the same data as JSON for
//! clients that read only text. Image bytes (`imageData`) become an MCP image block with the
//! API's content type instead of a field, so the assistant can look at the chart and the bytes
//! are not repeated as text. Failures are tool errors (`isError: true`) whose text names the
//! API's code, message and HTTP status, or the setting to check.
//!
//! The summaries read the fields they mention leniently: a field the API leaves out is left out
//! of the summary, and the full data is always in the structured content.

use std::fmt::Write;

use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{Value, json};

use crate::client::{ApiSuccess, ClientError};
use crate::request::InputError;
use crate::settings::API_KEY_VAR;

/// Maximum warnings or list entries a summary shows before it counts the rest.
const SHOWN_ITEMS: usize = 20;

/// The tool a response belongs to, which decides its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ToolKind {
    Health,
    Construct,
    Validate,
    Generate,
    Upload,
    Exchanges,
    Symbols,
    Documentation,
    List,
    Delete,
}

/// Shapes a successful response of `kind`.
pub(crate) fn success(kind: ToolKind, response: ApiSuccess) -> CallToolResult {
    let mut data = response.data;
    let image = take_image(&mut data);

    let mut summary = match kind {
        ToolKind::Health => health(&data),
        ToolKind::Construct => construct(&data),
        ToolKind::Validate => validate(&data),
        ToolKind::Generate => generate(&data, image.as_ref()),
        ToolKind::Upload => upload(&data),
        ToolKind::Exchanges => exchanges(&data),
        ToolKind::Symbols => symbols(&data),
        ToolKind::Documentation => documentation(&data),
        ToolKind::List => list(&data),
        ToolKind::Delete => delete(&data),
    };
    push_warnings(&mut summary, &data);

    let mut content = vec![
        ContentBlock::text(summary),
        ContentBlock::text(data.to_string()),
    ];
    if let Some(image) = image {
        content.push(ContentBlock::image(image.data, image.content_type));
    }
    let mut result = CallToolResult::success(content);
    result.structured_content = Some(data);
    result
}

/// Shapes a failed request as a tool error.
pub(crate) fn failure(error: &ClientError) -> CallToolResult {
    let mut text = error.to_string();
    let structured = match error {
        ClientError::Api {
            status,
            code,
            message,
            details,
            request_id,
        } => {
            // A 403 in the envelope means the API rejected the request itself, such as an image URL
            // on a host it may not fetch, so only a 401 points at the key.
            if *status == 401 || code == "UNAUTHORIZED" {
                let _ = write!(text, "\nCheck {API_KEY_VAR}: the API rejected the key.");
            }
            if let Some(details) = details {
                let _ = write!(text, "\nDetails: {details}");
            }
            if let Some(request_id) = request_id {
                let _ = write!(text, "\nRequest id: {request_id}");
            }
            json!({
                "status": status,
                "code": code,
                "message": message,
                "details": details,
                "requestId": request_id,
            })
        }
        ClientError::Unreachable { .. } => client_error("API_UNREACHABLE", &text),
        ClientError::TimedOut { .. } => client_error("API_TIMEOUT", &text),
        ClientError::NotTheApi { status, .. } => {
            let mut value = client_error("NOT_THE_API", &text);
            value["status"] = json!(status);
            value
        }
        ClientError::TooLarge { .. } => client_error("RESPONSE_TOO_LARGE", &text),
    };

    let mut result = CallToolResult::error(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    result
}

/// Shapes tool input that cannot become a request.
pub(crate) fn invalid_input(error: &InputError) -> CallToolResult {
    let text = error.to_string();
    let mut result = CallToolResult::error(vec![ContentBlock::text(text.clone())]);
    result.structured_content = Some(client_error("INVALID_INPUT", &text));
    result
}

fn client_error(code: &str, message: &str) -> Value {
    json!({"code": code, "message": message})
}

/// Image bytes taken out of a response.
struct Image {
    /// Base64, as the API sent it.
    data: String,
    content_type: String,
}

/// Removes `imageData` from `data` and returns it with its content type.
fn take_image(data: &mut Value) -> Option<Image> {
    let object = data.as_object_mut()?;
    let Some(Value::String(encoded)) = object.remove("imageData") else {
        return None;
    };
    let (content_type, encoded) = split_data_url(&encoded);
    let content_type = content_type
        .or_else(|| object.get("contentType")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| "image/png".to_owned());
    Some(Image {
        data: encoded,
        content_type,
    })
}

/// Splits a `data:image/png;base64,` prefix from base64 text, if there is one.
fn split_data_url(text: &str) -> (Option<String>, String) {
    let Some((head, payload)) = text
        .strip_prefix("data:")
        .and_then(|rest| rest.split_once(','))
    else {
        return (None, text.to_owned());
    };
    let content_type = head.strip_suffix(";base64").unwrap_or(head);
    (Some(content_type.to_owned()), payload.to_owned())
}

/// Returns the decoded size of base64 text, in bytes.
fn decoded_len(encoded: &str) -> usize {
    let symbols = encoded
        .bytes()
        .filter(|byte| !byte.is_ascii_whitespace() && *byte != b'=')
        .count();
    symbols * 3 / 4
}

fn text(data: &Value, pointer: &str) -> Option<String> {
    match data.pointer(pointer)? {
        Value::String(text) => Some(text.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn items<'a>(data: &'a Value, pointer: &str) -> &'a [Value] {
    data.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Returns the response's `count`, or else `listed`, with the noun in the matching number.
fn counted(data: &Value, listed: usize, singular: &str, plural: &str) -> String {
    let count = data
        .get("count")
        .and_then(Value::as_u64)
        .unwrap_or(listed as u64);
    let noun = if count == 1 { singular } else { plural };
    format!("{count} {noun}")
}

/// Renders a list item: a string as it is, or a `{field, message}` problem as one line.
fn list_item(value: &Value) -> String {
    match (value.get("field"), value.get("message"), value) {
        (Some(Value::String(field)), Some(Value::String(message)), _) => {
            format!("{field}: {message}")
        }
        (_, _, Value::String(text)) => text.clone(),
        (_, _, other) => other.to_string(),
    }
}

fn push_list(summary: &mut String, title: &str, lines: impl ExactSizeIterator<Item = String>) {
    let total = lines.len();
    if total == 0 {
        return;
    }
    let _ = write!(summary, "\n{title}:");
    for line in lines.take(SHOWN_ITEMS) {
        let _ = write!(summary, "\n- {line}");
    }
    if total > SHOWN_ITEMS {
        let _ = write!(summary, "\n- and {} more", total - SHOWN_ITEMS);
    }
}

fn push_warnings(summary: &mut String, data: &Value) {
    push_list(
        summary,
        "Warnings",
        items(data, "/warnings").iter().map(list_item),
    );
}

fn health(data: &Value) -> String {
    let status = text(data, "/status").unwrap_or_else(|| "responding".to_owned());
    let mut summary = format!("The chart API is {status}");
    if let Some(version) = text(data, "/version") {
        let _ = write!(summary, ", version {version}");
    }
    summary.push('.');
    for (name, key, flat) in [
        ("chart-img", "chartImg", "/chartImgConfigured"),
        ("S3", "s3", "/s3Configured"),
    ] {
        let configured = data
            .pointer(&format!("/services/{key}/configured"))
            .or_else(|| data.pointer(flat))
            .and_then(Value::as_bool);
        let reachable = data
            .pointer(&format!("/services/{key}/reachable"))
            .and_then(Value::as_bool);
        let state = match (configured, reachable) {
            (Some(false), _) => "not configured",
            (_, Some(true)) => "configured and reachable",
            (_, Some(false)) => "configured but unreachable",
            (Some(true), None) => "configured",
            (None, None) => continue,
        };
        let _ = write!(summary, " {name}: {state}.");
    }
    summary
}

fn construct(data: &Value) -> String {
    let symbol = text(data, "/config/symbol").unwrap_or_else(|| "the chart".to_owned());

    let mut summary = format!("Constructed a chart-img config for {symbol}");
    if let Some(interval) = text(data, "/config/interval") {
        let _ = write!(summary, ", interval {interval}");
    }
    if let Some(range) = text(data, "/config/range") {
        let _ = write!(summary, ", range {range}");
    }
    if let (Some(width), Some(height)) = (text(data, "/config/width"), text(data, "/config/height"))
    {
        let _ = write!(summary, ", {width}x{height}");
    }

    let studies: Vec<String> = items(data, "/config/studies")
        .iter()
        .filter_map(|study| text(study, "/name"))
        .collect();
    if !studies.is_empty() {
        let _ = write!(summary, ", studies: {}", studies.join(", "));
    }
    summary.push('.');

    push_list(
        &mut summary,
        "Reasoning",
        items(data, "/reasoning").iter().map(list_item),
    );
    summary.push_str(
        "\nNext: call generate_chart_image with this config and persist: true to keep the chart \
         at a permanent URL, or with storage: false to look at the image first.",
    );
    summary
}

fn validate(data: &Value) -> String {
    let plan = text(data, "/plan")
        .or_else(|| text(data, "/limits/plan"))
        .map_or_else(String::new, |plan| format!(" on the {plan} plan"));
    let valid = data.get("valid").and_then(Value::as_bool);
    let mut summary = match valid {
        Some(true) => format!("The config is valid{plan}."),
        Some(false) => format!("The config is not valid{plan}; fix the errors below."),
        None => format!("Checked the config{plan}."),
    };
    push_list(
        &mut summary,
        "Errors",
        items(data, "/errors").iter().map(list_item),
    );
    push_list(
        &mut summary,
        "Suggestions",
        items(data, "/suggestions").iter().map(list_item),
    );
    summary
}

fn generate(data: &Value, image: Option<&Image>) -> String {
    let mut summary = String::from("Rendered");
    for pointer in ["/metadata/symbol", "/metadata/interval"] {
        if let Some(value) = text(data, pointer) {
            let _ = write!(summary, " {value}");
        }
    }
    // A hosted or inline render has its size in `metadata`, and a persisted one has it at the
    // top, as an upload does.
    let field = |name: &str| {
        text(data, &format!("/metadata/{name}")).or_else(|| text(data, &format!("/{name}")))
    };
    if let (Some(width), Some(height)) = (field("width"), field("height")) {
        let _ = write!(summary, " at {width}x{height}");
    }
    if let Some(format) = field("format").or_else(|| text(data, "/contentType")) {
        let _ = write!(summary, " as {format}");
    }
    summary.push('.');

    if let Some(url) = text(data, "/url") {
        let _ = write!(summary, "\nStored permanently: {url}");
        if let Some(key) = text(data, "/key") {
            let _ = write!(summary, "\nStorage key: {key}");
        }
    } else if let Some(image_url) = text(data, "/imageUrl") {
        let _ = write!(summary, "\nchart-img hosts the image at {image_url}");
        if let Some(expires_at) = text(data, "/expiresAt") {
            let _ = write!(summary, " until {expires_at}");
        }
        summary.push_str(
            ". To keep it, generate again with persist: true, or call upload_chart_to_s3 with \
             this imageUrl.",
        );
    }
    if let Some(image) = image {
        let _ = write!(
            summary,
            "\nThe image is attached ({}, {} bytes).",
            image.content_type,
            decoded_len(&image.data)
        );
    }
    summary
}

fn upload(data: &Value) -> String {
    let url = text(data, "/url").unwrap_or_else(|| "an unknown URL".to_owned());
    let mut summary = format!("Stored the chart permanently: {url}");
    let details: Vec<String> = [
        text(data, "/key").map(|key| format!("key {key}")),
        text(data, "/size").map(|size| format!("{size} bytes")),
        text(data, "/contentType"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        let _ = write!(summary, " ({})", details.join(", "));
    }
    summary.push('.');
    if data.get("existing").and_then(Value::as_bool) == Some(true) {
        summary.push_str(
            " The same image was already stored under this key, so nothing new was written.",
        );
    }
    summary
}

fn exchanges(data: &Value) -> String {
    let exchanges: Vec<String> = items(data, "/exchanges").iter().map(list_item).collect();
    let count = counted(data, exchanges.len(), "exchange", "exchanges");
    let mut summary = format!("chart-img lists {count}");
    if !exchanges.is_empty() {
        let shown = exchanges.len().min(SHOWN_ITEMS * 5);
        let _ = write!(summary, ": {}", exchanges[..shown].join(", "));
        if exchanges.len() > shown {
            let _ = write!(summary, " and {} more", exchanges.len() - shown);
        }
    }
    summary.push_str(". Use an id with get_symbols to find a ticker.");
    summary
}

fn symbols(data: &Value) -> String {
    let symbols = items(data, "/symbols");
    let count = counted(data, symbols.len(), "symbol", "symbols");
    let exchange = text(data, "/exchange").unwrap_or_else(|| "the exchange".to_owned());
    let mut summary = format!("{count} on {exchange}");
    if let Some(total) = text(data, "/total") {
        let _ = write!(summary, " (of {total} listed)");
    }
    if let Some(search) = text(data, "/search") {
        let _ = write!(summary, " matching `{search}`");
    }
    summary.push('.');
    push_list(
        &mut summary,
        "Symbols",
        symbols.iter().map(|symbol| {
            let name = text(symbol, "/symbol").unwrap_or_else(|| list_item(symbol));
            match text(symbol, "/description") {
                Some(description) => format!("{name}: {description}"),
                None => name,
            }
        }),
    );
    summary
}

fn documentation(data: &Value) -> String {
    let sections: Vec<&str> = data
        .as_object()
        .map(|object| object.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut summary = format!(
        "Chart documentation, sections: {}.",
        if sections.is_empty() {
            "none".to_owned()
        } else {
            sections.join(", ")
        }
    );
    let indicators: Vec<String> = items(data, "/indicators/studies")
        .iter()
        .filter_map(|study| text(study, "/name"))
        .collect();
    if !indicators.is_empty() {
        let _ = write!(summary, "\nIndicators: {}.", indicators.join(", "));
    }
    summary
}

fn list(data: &Value) -> String {
    let charts = items(data, "/charts");
    let count = counted(data, charts.len(), "stored chart", "stored charts");
    let mut summary = format!("{count}, newest first.");
    push_list(
        &mut summary,
        "Charts",
        charts.iter().map(|chart| {
            let key = text(chart, "/key").unwrap_or_default();
            let url = text(chart, "/url").unwrap_or_default();
            format!("{key}: {url}")
        }),
    );
    if let Some(cursor) = text(data, "/nextCursor") {
        let _ = write!(
            summary,
            "\nMore charts may follow: call list_stored_charts again with cursor `{cursor}`."
        );
    }
    summary
}

fn delete(data: &Value) -> String {
    let key = text(data, "/chart/key").or_else(|| text(data, "/key"));
    match key {
        Some(key) => format!("Deleted the stored chart {key}."),
        None => "Deleted the stored chart.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use rmcp::model::ContentBlock;

    use super::*;

    fn ok(kind: ToolKind, data: Value) -> CallToolResult {
        success(
            kind,
            ApiSuccess {
                data,
                request_id: Some("r-1".to_owned()),
            },
        )
    }

    fn summary(result: &CallToolResult) -> &str {
        &result.content[0].as_text().unwrap().text
    }

    #[test]
    fn success_carries_structured_data() {
        let data = json!({"status": "ok", "version": "0.1.0"});
        let result = ok(ToolKind::Health, data.clone());
        assert_eq!(result.is_error, Some(false));
        assert_eq!(result.structured_content, Some(data.clone()));
        let json_text = &result.content[1].as_text().unwrap().text;
        assert_eq!(serde_json::from_str::<Value>(json_text).unwrap(), data);
    }

    #[test]
    fn health_summary_reads_services() {
        let result = ok(
            ToolKind::Health,
            json!({
                "status": "degraded", "version": "0.1.0",
                "services": {
                    "chartImg": {"configured": true, "reachable": false},
                    "s3": {"configured": false},
                },
            }),
        );
        assert_eq!(
            summary(&result),
            "The chart API is degraded, version 0.1.0. chart-img: configured but unreachable. \
             S3: not configured."
        );
    }

    #[test]
    fn construct_summary_names_next_step() {
        let result = ok(
            ToolKind::Construct,
            json!({
                "config": {
                    "symbol": "BINANCE:ETHUSDT", "interval": "4h", "range": "3M",
                    "width": 800, "height": 600,
                    "studies": [{"name": "Relative Strength Index"}],
                },
                "reasoning": ["\"ETH\" -> symbol BINANCE:ETHUSDT"],
                "warnings": ["theme: no theme in the text; using light"],
            }),
        );
        let text = summary(&result);
        assert!(
            text.starts_with(
                "Constructed a chart-img config for BINANCE:ETHUSDT, interval 4h, range 3M, \
                 800x600, studies: Relative Strength Index."
            ),
            "{text}"
        );
        assert!(
            text.contains("- \"ETH\" -> symbol BINANCE:ETHUSDT"),
            "{text}"
        );
        assert!(text.contains("persist: true"), "{text}");
        assert!(
            text.ends_with("Warnings:\n- theme: no theme in the text; using light"),
            "{text}"
        );
    }

    #[test]
    fn validate_summary_lists_errors() {
        let result = ok(
            ToolKind::Validate,
            json!({
                "valid": false, "plan": "BASIC",
                "errors": [{"field": "width", "message": "must be at most 1920"}],
                "warnings": [], "suggestions": ["lower width to 1920"],
            }),
        );
        assert_eq!(
            summary(&result),
            "The config is not valid on the BASIC plan; fix the errors below.\nErrors:\n- width: \
             must be at most 1920\nSuggestions:\n- lower width to 1920"
        );
    }

    #[test]
    fn generate_bytes_become_image_content() {
        let result = ok(
            ToolKind::Generate,
            json!({
                "imageData": "iVBORw0KGgo=", "contentType": "image/png",
                "metadata": {"symbol": "BINANCE:ETHUSDT", "interval": "4h",
                             "width": 800, "height": 600, "format": "png"},
            }),
        );
        let ContentBlock::Image(image) = &result.content[2] else {
            panic!("expected image content, got {:?}", result.content);
        };
        assert_eq!(image.data, "iVBORw0KGgo=");
        assert_eq!(image.mime_type, "image/png");
        let structured = result.structured_content.as_ref().unwrap();
        assert!(structured.get("imageData").is_none());
        assert_eq!(
            summary(&result),
            "Rendered BINANCE:ETHUSDT 4h at 800x600 as png.\nThe image is attached (image/png, 8 \
             bytes)."
        );
    }

    #[test]
    fn generate_data_url_sets_mime_type() {
        let result = ok(
            ToolKind::Generate,
            json!({"imageData": "data:image/jpeg;base64,/9j/4AAQ", "contentType": "image/png"}),
        );
        let ContentBlock::Image(image) = &result.content[2] else {
            panic!("expected image content, got {:?}", result.content);
        };
        assert_eq!(image.data, "/9j/4AAQ");
        assert_eq!(image.mime_type, "image/jpeg");
    }

    #[test]
    fn generate_hosted_url_is_in_text() {
        let result = ok(
            ToolKind::Generate,
            json!({
                "imageUrl": "https://r.chart-img.com/abc.png",
                "expiresAt": "2025-11-23T10:30:00.000Z",
            }),
        );
        let text = summary(&result);
        assert!(
            text.contains(
                "chart-img hosts the image at https://r.chart-img.com/abc.png until \
                 2025-11-23T10:30:00.000Z"
            ),
            "{text}"
        );
        assert_eq!(result.content.len(), 2);
    }

    #[test]
    fn generate_persisted_summary_reads_top_level() {
        let result = ok(
            ToolKind::Generate,
            json!({
                "url": "http://127.0.0.1:3010/charts/2026/12/ETHUSDT-4h-20261204T184739-f1316e5f.png",
                "key": "charts/2026/12/ETHUSDT-4h-20261204T184739-f1316e5f.png",
                "contentType": "image/png", "width": 800, "height": 600, "size": 89612,
                "metadata": {"symbol": "BINANCE:ETHUSDT", "interval": "4h"},
            }),
        );
        let text = summary(&result);
        assert!(
            text.starts_with("Rendered BINANCE:ETHUSDT 4h at 800x600 as image/png."),
            "{text}"
        );
    }

    #[test]
    fn generate_persisted_url_is_permanent() {
        let result = ok(
            ToolKind::Generate,
            json!({"url": "https://d1.cloudfront.net/charts/a.png", "key": "charts/a.png"}),
        );
        let text = summary(&result);
        assert!(
            text.contains("Stored permanently: https://d1.cloudfront.net/charts/a.png"),
            "{text}"
        );
        assert!(text.contains("Storage key: charts/a.png"), "{text}");
    }

    #[test]
    fn upload_summary_has_url_and_key() {
        let result = ok(
            ToolKind::Upload,
            json!({"url": "https://d1.cloudfront.net/charts/a.png", "key": "charts/a.png",
                   "size": 1234, "contentType": "image/png"}),
        );
        assert_eq!(
            summary(&result),
            "Stored the chart permanently: https://d1.cloudfront.net/charts/a.png (key \
             charts/a.png, 1234 bytes, image/png)."
        );
    }

    #[test]
    fn list_summary_gives_cursor() {
        let result = ok(
            ToolKind::List,
            json!({
                "charts": [{"key": "charts/a.png", "url": "https://d1.cloudfront.net/charts/a.png"}],
                "count": 1, "nextCursor": "v1.abc",
            }),
        );
        let text = summary(&result);
        assert!(
            text.contains("- charts/a.png: https://d1.cloudfront.net/charts/a.png"),
            "{text}"
        );
        assert!(text.contains("cursor `v1.abc`"), "{text}");
    }

    #[test]
    fn long_lists_are_cut() {
        let exchanges: Vec<Value> = (0..150).map(|index| json!(format!("X{index}"))).collect();
        let result = ok(
            ToolKind::Exchanges,
            json!({"exchanges": exchanges, "count": 150}),
        );
        let text = summary(&result);
        assert!(text.contains("X99 and 50 more"), "{text}");
        assert_eq!(
            result.structured_content.unwrap()["exchanges"]
                .as_array()
                .unwrap()
                .len(),
            150
        );
    }

    #[test]
    fn list_summary_counts_one_chart() {
        let result = ok(
            ToolKind::List,
            json!({"charts": [{"key": "charts/a.png"}], "count": 1}),
        );
        assert!(summary(&result).starts_with("1 stored chart, newest first."));
    }

    #[test]
    fn delete_summary_names_key() {
        let result = ok(
            ToolKind::Delete,
            json!({"deleted": true, "chart": {"key": "charts/a.png"}}),
        );
        assert_eq!(summary(&result), "Deleted the stored chart charts/a.png.");
    }

    #[test]
    fn api_failure_is_tool_error() {
        let result = failure(&ClientError::Api {
            status: 422,
            code: "INVALID_CONFIG".to_owned(),
            message: "interval: `4x` is not an interval".to_owned(),
            details: Some(json!({"field": "interval"})),
            request_id: Some("r-9".to_owned()),
        });
        assert_eq!(result.is_error, Some(true));
        assert_eq!(
            summary(&result),
            "INVALID_CONFIG (HTTP 422): interval: `4x` is not an interval\nDetails: \
             {\"field\":\"interval\"}\nRequest id: r-9"
        );
        let structured = result.structured_content.unwrap();
        assert_eq!(structured["code"], "INVALID_CONFIG");
        assert_eq!(structured["status"], 422);
    }

    #[test]
    fn unauthorized_failure_names_key_setting() {
        let result = failure(&ClientError::Api {
            status: 401,
            code: "UNAUTHORIZED".to_owned(),
            message: "missing x-api-key".to_owned(),
            details: None,
            request_id: None,
        });
        assert!(summary(&result).contains("Check CHART_API_KEY"));
    }

    #[test]
    fn forbidden_failure_does_not_blame_key() {
        let result = failure(&ClientError::Api {
            status: 403,
            code: "FORBIDDEN".to_owned(),
            message: "imageUrl: the host resolves to a private address".to_owned(),
            details: None,
            request_id: None,
        });
        assert!(!summary(&result).contains(API_KEY_VAR));
    }

    #[test]
    fn timeout_failure_has_client_code() {
        let result = failure(&ClientError::TimedOut {
            url: "http://127.0.0.1:3010/api/v1/health".to_owned(),
            timeout: Duration::from_secs(45),
        });
        assert_eq!(result.is_error, Some(true));
        assert_eq!(result.structured_content.unwrap()["code"], "API_TIMEOUT");
    }

    #[test]
    fn invalid_input_is_tool_error() {
        let result = invalid_input(&InputError::ImageSource);
        assert_eq!(result.is_error, Some(true));
        assert!(summary(&result).starts_with("set exactly one of imageUrl and imageData"));
    }

    #[test]
    fn non_object_data_is_kept() {
        let result = ok(ToolKind::Documentation, json!(["a"]));
        assert_eq!(result.structured_content, Some(json!(["a"])));
    }
}
