//! The judgements a report prints and the audit trail records, as enums, so
//! that writer and reader cannot disagree on a spelling: the report's state,
//! a red/amber/green rating, and where an approver stands.

use serde::{Deserialize, Serialize};

/// DRAFT until every approver approved the current data, then FINAL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportState {
    Draft,
    Final,
}

impl ReportState {
    pub fn of(is_final: bool) -> Self {
        if is_final {
            ReportState::Final
        } else {
            ReportState::Draft
        }
    }

    pub fn is_final(self) -> bool {
        self == ReportState::Final
    }

    /// `draft` or `final`, as the audit records write it.
    pub fn code(self) -> &'static str {
        match self {
            ReportState::Draft => "draft",
            ReportState::Final => "final",
        }
    }
}

/// A red/amber/green rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RagCode {
    Green,
    Amber,
    Red,
}

impl RagCode {
    pub const ALL: [RagCode; 3] = [RagCode::Green, RagCode::Amber, RagCode::Red];

    pub fn code(self) -> &'static str {
        match self {
            RagCode::Green => "green",
            RagCode::Amber => "amber",
            RagCode::Red => "red",
        }
    }
}

/// Where an approver stands for the current data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    /// Approved the current fingerprint.
    Valid,
    /// Approved other data: an input changed since.
    Stale,
    /// Has not approved.
    Missing,
    /// An approval is stored but does not hold: a broken signature, another
    /// certificate than the pinned one, an impossible date.
    Invalid,
}

impl Standing {
    pub const ALL: [Standing; 4] = [
        Standing::Valid,
        Standing::Stale,
        Standing::Missing,
        Standing::Invalid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Standing::Valid => "valid",
            Standing::Stale => "stale",
            Standing::Missing => "missing",
            Standing::Invalid => "invalid",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_serialized_names() {
        for state in [ReportState::Draft, ReportState::Final] {
            let json = serde_json::to_string(&state).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", state.code()));
            assert_eq!(serde_json::from_str::<ReportState>(&json).ok(), Some(state));
        }
        for rag in RagCode::ALL {
            assert_eq!(
                serde_json::to_string(&rag).unwrap_or_default(),
                format!("\"{}\"", rag.code())
            );
        }
        for standing in Standing::ALL {
            assert_eq!(
                serde_json::to_string(&standing).unwrap_or_default(),
                format!("\"{}\"", standing.code())
            );
        }
        assert!(serde_json::from_str::<RagCode>("\"purple\"").is_err());
    }
}
