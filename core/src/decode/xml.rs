//! XML replies: XML::Simple's `XMLout(RootName => 'api')` of the envelope, turned back into it.
//!
//! XML::Simple writes a hash's scalars as attributes and its lists as repeated elements:
//! `<api command=".." status="success"><data name="x"><values><to>a</to><to>b</to></values>
//! </data></api>`. Pairs are `<data name=".." value=".." />`, plain strings `<data>..</data>`,
//! an empty value `<to></to>` (`[""]`) and an empty record `<values></values>`. Empty lists are
//! not written at all, so a success with neither `data` elements nor an `output` attribute had
//! `data: []`, and validate-domains' `errors` and list-bandwidth's `bw` are restored as `[]`.
//!
//! Attribute values are read raw and only entity-unescaped: an XML processor would normalise the
//! literal newlines in `output` and `full_error` to spaces, but XML::Simple never escapes them,
//! so keeping them gives back the exact text the JSON envelope has.

use quick_xml::escape::{resolve_xml_entity, unescape};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::{envelope, Decoded};
use crate::call::Call;
use crate::error::Error;

/// Deeper than any envelope (api > data > values > key, or api > data > errors) by a margin.
const MAX_DEPTH: usize = 32;

/// Decodes an XML reply.
pub(crate) fn from_xml(call: &Call, body: &str) -> Result<Decoded, Error> {
    let program = call.program();
    if !body.trim_start().starts_with('<') {
        return Err(envelope::wrong_format(program, "XML", body));
    }
    let root = parse(body).map_err(|why| {
        Error::protocol(format!("cannot decode the XML reply to {program}: {why}"))
    })?;
    if root.name != "api" {
        return Err(Error::protocol(format!(
            "the XML reply to {program} has root <{}>, not <api>",
            super::excerpt(&root.name)
        )));
    }
    let program_name = root
        .attrs
        .iter()
        .find(|(k, _)| k == "command")
        .map_or(program, |(_, v)| v.as_str())
        .to_owned();
    envelope::decode(call, to_envelope(root, &program_name))
}

/// One element: name, attributes in order, child elements, and its text (entities resolved).
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

/// Reads the document into a tree, with an explicit stack so depth costs no recursion.
fn parse(body: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(body);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;

    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err("content after the root element".into());
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("elements nested deeper than {MAX_DEPTH}"));
                }
                stack.push(element(&start)?);
            }
            Event::Empty(start) => {
                let element = element(&start)?;
                attach(&mut stack, &mut root, element)?;
            }
            Event::End(_) => {
                // quick-xml has already checked that the end tag matches.
                let element = stack.pop().ok_or("an end tag without a start")?;
                attach(&mut stack, &mut root, element)?;
            }
            Event::Text(text) => {
                let raw = text.into_inner();
                match stack.last_mut() {
                    Some(open) => open.text.push_str(&raw),
                    None if raw.trim().is_empty() => {}
                    None => return Err("text outside the root element".into()),
                }
            }
            Event::CData(data) => match stack.last_mut() {
                Some(open) => open.text.push_str(&data.into_inner()),
                None => return Err("CDATA outside the root element".into()),
            },
            Event::GeneralRef(reference) => {
                let resolved = if reference.is_char_ref() {
                    let ch = reference
                        .resolve_char_ref()
                        .map_err(|e| e.to_string())?
                        .ok_or("bad character reference")?;
                    ch.to_string()
                } else {
                    let name = reference.into_inner();
                    resolve_xml_entity(&name)
                        .ok_or_else(|| format!("unknown entity &{};", super::excerpt(&name)))?
                        .to_owned()
                };
                match stack.last_mut() {
                    Some(open) => open.text.push_str(&resolved),
                    None => return Err("a reference outside the root element".into()),
                }
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }

    if !stack.is_empty() {
        return Err("the document is cut off (unclosed elements)".into());
    }
    root.ok_or_else(|| "the document has no root element".into())
}

fn element(start: &BytesStart<'_>) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        // NB: not `normalized_value()`: that turns the newlines of `output` into spaces.
        let value = unescape(&attr.value).map_err(|e| e.to_string())?;
        attrs.push((attr.key.as_ref().to_owned(), value.into_owned()));
    }
    Ok(Element {
        name: start.name().as_ref().to_owned(),
        attrs,
        children: Vec::new(),
        text: String::new(),
    })
}

fn attach(
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None if root.is_none() => *root = Some(element),
        None => return Err("more than one root element".into()),
    }
    Ok(())
}

/// The `<api>` element as the JSON envelope.
fn to_envelope(root: Element, program: &str) -> Value {
    let mut envelope = Map::new();
    for (key, value) in root.attrs {
        envelope.insert(key, Value::String(value));
    }
    let mut items = Vec::new();
    for child in root.children {
        if child.name == "data" {
            items.push(data_item(child, program));
        } else {
            let name = child.name.clone();
            envelope.insert(name, generic(child));
        }
    }
    let success = envelope.get("status").and_then(Value::as_str) == Some("success");
    if !items.is_empty() || (success && !envelope.contains_key("output")) {
        envelope.insert("data".into(), Value::Array(items));
    }
    Value::Object(envelope)
}

/// One `<data>` element: a plain string, a pair, a record, or a special shape.
fn data_item(element: Element, program: &str) -> Value {
    if element.attrs.is_empty() && element.children.is_empty() {
        return Value::String(element.text);
    }
    let mut object = Map::new();
    for (key, value) in element.attrs {
        object.insert(key, Value::String(value));
    }
    for (name, group) in group_children(element.children) {
        let value = if name == "values" && group.len() == 1 {
            group
                .into_iter()
                .next()
                .map(values_object)
                .unwrap_or_default()
        } else {
            Value::Array(group.into_iter().map(generic).collect())
        };
        object.insert(name, value);
    }

    let empty_list = match program {
        "validate-domains" => Some("errors"),
        "list-bandwidth" => Some("bw"),
        _ => None,
    };
    if let Some(key) = empty_list {
        if object.contains_key("name") && !object.contains_key("values") {
            object
                .entry(key)
                .or_insert_with(|| Value::Array(Vec::new()));
        }
    }
    Value::Object(object)
}

/// `<values>`: each child element is one value of the key it is named after.
fn values_object(element: Element) -> Value {
    let mut values = Map::new();
    for (name, group) in group_children(element.children) {
        values.insert(name, Value::Array(group.into_iter().map(generic).collect()));
    }
    Value::Object(values)
}

/// Any other element: a leaf is its text, otherwise attributes and lists of children.
fn generic(element: Element) -> Value {
    if element.attrs.is_empty() && element.children.is_empty() {
        return Value::String(element.text);
    }
    let mut object = Map::new();
    for (key, value) in element.attrs {
        object.insert(key, Value::String(value));
    }
    for (name, group) in group_children(element.children) {
        object.insert(name, Value::Array(group.into_iter().map(generic).collect()));
    }
    Value::Object(object)
}

/// Children grouped by name, groups in order of first appearance, members in document order.
fn group_children(children: Vec<Element>) -> Vec<(String, Vec<Element>)> {
    let mut groups: Vec<(String, Vec<Element>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for child in children {
        match index.get(&child.name) {
            Some(&at) => groups[at].1.push(child),
            None => {
                index.insert(child.name.clone(), groups.len());
                groups.push((child.name.clone(), vec![child]));
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use serde_json::json;

    fn decode(call: &Call, body: &str) -> Result<Decoded, Error> {
        from_xml(call, body)
    }

    #[test]
    fn newlines_in_attributes_survive_unescaping() {
        let body =
            "<api command=\"create-user\" output=\"User &quot;bob&quot; &lt;ok&gt;\n\n\tdone\n\" \
                    status=\"success\" />\n";
        let decoded = decode(&Call::new("create-user"), body).unwrap();
        assert_eq!(
            decoded.output.as_deref(),
            Some("User \"bob\" <ok>\n\n\tdone\n")
        );
    }

    #[test]
    fn records_pairs_and_empty_values_match_the_json_shape() {
        let body = r#"<api command="get-command" status="success">
  <data name="Description" value="Create a new mail alias" />
  <data name="to">
    <values>
      <binary>No</binary>
      <plugins></plugins>
      <value>mailbox|&quot;*&quot;</value>
    </values>
  </data>
  <data name="empty">
    <values></values>
  </data>
</api>"#;
        let decoded = decode(&Call::new("get-command"), body).unwrap();
        assert_eq!(
            decoded.data,
            Some(json!([
                {"name": "Description", "value": "Create a new mail alias"},
                {"name": "to", "values": {
                    "binary": ["No"], "plugins": [""], "value": ["mailbox|\"*\""]}},
                {"name": "empty", "values": {}},
            ]))
        );
    }

    #[test]
    fn keys_that_are_not_xml_names_still_decode() {
        // XML::Simple writes whatever key the multiline text had, valid XML name or not.
        let body = "<api command=\"list-users\" status=\"success\"><data name=\"x\"><values>\
                    <2fa_enabled>Yes</2fa_enabled><quota_(kb)>1</quota_(kb)></values></data></api>";
        let call = Call::new("list-users").flag("multiline");
        assert_eq!(
            decode(&call, body).unwrap().data,
            Some(json!([{"name": "x", "values": {"2fa_enabled": ["Yes"], "quota_(kb)": ["1"]}}]))
        );
    }

    #[test]
    fn missing_data_elements_mean_an_empty_list() {
        let body = r#"<api command="list-domains" status="success" />"#;
        let call = Call::new("list-domains").flag("name-only");
        assert_eq!(decode(&call, body).unwrap().data, Some(json!([])));
    }

    #[test]
    fn plain_strings_and_validation_errors_come_back() {
        let call = Call::new("validate-domains");
        let body = r#"<api command="validate-domains" status="success"><data name="a.com" status="success" /><data name="b.org" status="failed"><errors error="no MX" feature="Mail" /></data></api>"#;
        assert_eq!(
            decode(&call, body).unwrap().data,
            Some(json!([
                {"name": "a.com", "status": "success", "errors": []},
                {"name": "b.org", "status": "failed",
                 "errors": [{"feature": "Mail", "error": "no MX"}]},
            ]))
        );
        let call = Call::new("list-domains").flag("simple-multiline");
        let body = "<api command=\"list-domains\" status=\"success\"><data>a.com</data><data></data></api>";
        assert_eq!(
            decode(&call, body).unwrap().data,
            Some(json!(["a.com", ""]))
        );
    }

    #[test]
    fn broken_documents_are_protocol_errors() {
        let call = Call::new("list-domains");
        for body in [
            "<api status=\"success\"><data name=\"x\">",
            "<api status=\"success\"></apx>",
            "<api status=\"success\" /><api status=\"success\" />",
            "<api status=\"success\">&bogus;</api>",
            "<api status=\"succ",
            "<other status=\"success\" />",
            "plain text",
            "",
        ] {
            let err = decode(&call, body).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Protocol, "{body:?}");
        }
    }

    #[test]
    fn hostile_nesting_depth_is_refused() {
        let body = format!("<api status=\"success\">{}", "<a>".repeat(100_000));
        let err = decode(&Call::new("x"), &body).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Protocol);
        assert!(err.message().contains("deeper"), "{}", err.message());
    }

    #[test]
    fn refusal_envelope_is_refused() {
        let body = r#"<api error="Invalid remote program name" status="error" />"#;
        let err = decode(&Call::new("x"), body).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Refused);
        assert_eq!(err.message(), "Invalid remote program name");
    }
}
