//! Reading Fluent's syntax tree: which messages a file defines and which
//! placeholders each uses, and errors worded for the person who wrote the
//! file.

use std::collections::BTreeSet;

use fluent_bundle::resolver::ResolverError;
use fluent_bundle::resolver::errors::ReferenceKind;
use fluent_bundle::{FluentError, FluentResource};
use fluent_syntax::ast;
use fluent_syntax::parser::ParserError;

#[cfg(test)]
use super::Placeholders;

/// The messages of a parsed resource, in order (terms, comments and junk left
/// out).
pub(super) fn messages_of(resource: &FluentResource) -> impl Iterator<Item = &ast::Message<&str>> {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(message) => Some(message),
        _ => None,
    })
}

/// Every message id of `resource` with the placeholders its value and
/// attributes use, read from the Fluent syntax tree. Only the message's own
/// placeholders count: those of a message or term it refers to do not (a
/// term's variables are its own parameters).
#[cfg(test)]
pub(super) fn message_placeholders(resource: &FluentResource) -> Placeholders {
    messages_of(resource)
        .map(|message| (message.id.name.to_string(), placeholders_of(message)))
        .collect()
}

pub(super) fn placeholders_of(message: &ast::Message<&str>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if let Some(value) = &message.value {
        pattern_variables(value, &mut names);
    }
    for attribute in &message.attributes {
        pattern_variables(&attribute.value, &mut names);
    }
    names
}

pub(super) fn pattern_variables(pattern: &ast::Pattern<&str>, names: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, names);
        }
    }
}

pub(super) fn expression_variables(
    expression: &ast::Expression<&str>,
    names: &mut BTreeSet<String>,
) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, names);
            for variant in variants {
                pattern_variables(&variant.value, names);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, names),
    }
}

pub(super) fn inline_variables(inline: &ast::InlineExpression<&str>, names: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            names.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            arguments_variables(arguments, names);
        }
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => arguments_variables(arguments, names),
        ast::InlineExpression::Placeable { expression } => {
            expression_variables(expression, names);
        }
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. }
        | ast::InlineExpression::MessageReference { .. }
        | ast::InlineExpression::TermReference {
            arguments: None, ..
        } => {}
    }
}

pub(super) fn arguments_variables(
    arguments: &ast::CallArguments<&str>,
    names: &mut BTreeSet<String>,
) {
    for positional in &arguments.positional {
        inline_variables(positional, names);
    }
    for named in &arguments.named {
        inline_variables(&named.value, names);
    }
}

pub(super) fn describe_fluent_error(error: &FluentError) -> String {
    match error {
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Message {
            id,
            attribute: None,
        })) => format!(
            "there is no message `{id}` to refer to (a literal brace is written {{\"{{\"}} and {{\"}}\"}})"
        ),
        other => other.to_string(),
    }
}

pub(super) fn describe_placeholders(names: &BTreeSet<String>) -> String {
    if names.is_empty() {
        return "no placeholder".to_string();
    }
    let names: Vec<String> = names.iter().map(|name| format!("${name}")).collect();
    names.join(", ")
}

/// `origin line N: <error> in message `id``, the id read from the start of
/// the broken entry where there is one.
pub(super) fn describe_parse_error(origin: &str, source: &str, error: &ParserError) -> String {
    let line = source
        .get(..error.pos.start)
        .map_or(0, |before| before.matches('\n').count())
        + 1;
    let entry = error
        .slice
        .as_ref()
        .and_then(|slice| source.get(slice.clone()))
        .and_then(|junk| junk.trim_start().lines().next())
        .and_then(|first| first.split_once('='))
        .map(|(id, _)| id.trim())
        .filter(|id| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
    match entry {
        Some(id) => format!("{origin} line {line}: syntax error in message `{id}`: {error}"),
        None => format!("{origin} line {line}: syntax error: {error}"),
    }
}
