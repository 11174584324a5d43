//! Tidies the JSON Schemas that schemars generates for tool input, so each property reads as one
//! plain schema with a one-paragraph description.
//!
//! schemars describes an `Option` field as "the value or null", and keeps the line breaks of
//! wrapped doc comments. Leaving an optional field out means the same as null here, so the
//! schema offers only the value. Line breaks inside a paragraph become spaces, and blank lines
//! between paragraphs are kept.

use schemars::Schema;
use serde_json::{Map, Value};

/// Removes `null` from every property schema and unwraps every description, at any depth.
pub(crate) fn tidy(schema: &mut Schema) {
    if let Some(object) = schema.as_object_mut() {
        drop_null_in_properties(object);
        unwrap_descriptions(object);
    }
}

fn drop_null_in_properties(object: &mut Map<String, Value>) {
    let Some(Value::Object(properties)) = object.get_mut("properties") else {
        return;
    };
    for property in properties.values_mut() {
        if let Value::Object(property) = property {
            drop_null_in_property(property);
        }
    }
}

fn drop_null_in_property(property: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = property.get_mut("type") {
        types.retain(|kind| kind != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            property.insert("type".to_owned(), only);
        }
    }
    if let Some(Value::Array(values)) = property.get_mut("enum") {
        values.retain(|value| !value.is_null());
    }
    if let Some(Value::Array(branches)) = property.get_mut("anyOf") {
        branches.retain(|branch| branch.get("type").is_none_or(|kind| kind != "null"));
        if branches.len() == 1
            && let Some(Value::Object(branch)) = branches.pop()
        {
            // The property's own description wins over the description of its type.
            property.remove("anyOf");
            for (name, value) in branch {
                property.entry(name).or_insert(value);
            }
        }
    }

    drop_null_in_properties(property);
    if let Some(Value::Array(branches)) = property.get_mut("anyOf") {
        for branch in branches {
            if let Value::Object(branch) = branch {
                drop_null_in_properties(branch);
            }
        }
    }
}

fn unwrap_descriptions(object: &mut Map<String, Value>) {
    for (name, child) in object.iter_mut() {
        match child {
            Value::String(text) if name == "description" => *text = unwrap(text),
            Value::Object(inner) => unwrap_descriptions(inner),
            Value::Array(items) => {
                for item in items {
                    if let Value::Object(inner) = item {
                        unwrap_descriptions(inner);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Joins the lines of each paragraph of `text` with spaces.
fn unwrap(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn tidied(value: Value) -> Value {
        let mut schema = Schema::try_from(value).unwrap();
        tidy(&mut schema);
        schema.to_value()
    }

    #[test]
    fn nullable_type_becomes_plain() {
        let schema = tidied(json!({
            "type": "object",
            "properties": {"deep": {"type": ["boolean", "null"], "description": "d"}},
        }));
        assert_eq!(schema["properties"]["deep"]["type"], json!("boolean"));
    }

    #[test]
    fn nullable_enum_loses_null() {
        let schema = tidied(json!({
            "type": "object",
            "properties": {"theme": {"type": ["string", "null"], "enum": ["light", "dark", null]}},
        }));
        assert_eq!(
            schema["properties"]["theme"]["enum"],
            json!(["light", "dark"])
        );
    }

    #[test]
    fn nullable_object_is_merged() {
        let schema = tidied(json!({
            "type": "object",
            "properties": {"preferences": {
                "description": "own",
                "anyOf": [
                    {"type": "object", "description": "type's", "properties": {
                        "style": {"type": ["string", "null"]},
                    }},
                    {"type": "null"},
                ],
            }},
        }));
        let preferences = &schema["properties"]["preferences"];
        assert!(preferences.get("anyOf").is_none(), "{preferences}");
        assert_eq!(preferences["type"], json!("object"));
        assert_eq!(preferences["description"], json!("own"));
        assert_eq!(preferences["properties"]["style"]["type"], json!("string"));
    }

    #[test]
    fn two_branches_stay_alternatives() {
        let schema = tidied(json!({
            "type": "object",
            "properties": {"range": {"anyOf": [
                {"anyOf": [{"type": "string"}, {"type": "object"}]},
                {"type": "null"},
            ]}},
        }));
        let branches = schema["properties"]["range"]["anyOf"].as_array().unwrap();
        assert_eq!(branches.len(), 2);
    }

    #[test]
    fn descriptions_are_unwrapped() {
        let schema = tidied(json!({
            "type": "object",
            "properties": {"symbol": {"description": "first line\nsecond line\n\nnext paragraph"}},
        }));
        assert_eq!(
            schema["properties"]["symbol"]["description"],
            json!("first line second line\n\nnext paragraph")
        );
    }

    #[test]
    fn property_named_description_is_kept() {
        let schema = tidied(json!({
            "type": "object",
            "properties": {"description": {"type": "string", "description": "a\nb"}},
        }));
        assert_eq!(schema["properties"]["description"]["type"], json!("string"));
        assert_eq!(
            schema["properties"]["description"]["description"],
            json!("a b")
        );
    }
}
