//! The red/amber/green rules, printed in every report's annex so a reader
//! can re-perform them.

use rust_decimal::Decimal;

use crate::core::{Direction, RagCode, Status};
use crate::model::framework::RagRules;
use crate::model::progress::{Action, Indicator};

/// A group is green while at most `group_amber`% of its counted actions are
/// at risk or delayed, amber up to `group_red`%, red above.
pub fn rag_of_group(actions: &[&Action], rules: &RagRules) -> Option<RagCode> {
    let counted = actions
        .iter()
        .filter(|a| a.status != Status::Cancelled)
        .count();
    if counted == 0 {
        return None;
    }
    let troubled = actions
        .iter()
        .filter(|a| matches!(a.status, Status::AtRisk | Status::Delayed))
        .count();
    // Compared in integers: troubled / counted > threshold / 100.
    let share_above = |threshold: u32| troubled * 100 > counted * threshold as usize;
    Some(if share_above(rules.group_red) {
        RagCode::Red
    } else if share_above(rules.group_amber) {
        RagCode::Amber
    } else {
        RagCode::Green
    })
}

/// A KPI is green when its actual value meets the target in its direction,
/// amber when it misses by at most `kpi_tolerance`% of the target's absolute
/// value, red beyond.
pub fn rag_of_kpi(indicator: &Indicator, rules: &RagRules) -> Option<RagCode> {
    let (target, actual) = (indicator.target?, indicator.actual?);
    let shortfall = match indicator.direction {
        Direction::Higher => target - actual,
        Direction::Lower => actual - target,
    };
    let tolerance = target.abs() * Decimal::from(rules.kpi_tolerance) / Decimal::ONE_HUNDRED;
    Some(if shortfall <= Decimal::ZERO {
        RagCode::Green
    } else if shortfall <= tolerance {
        RagCode::Amber
    } else {
        RagCode::Red
    })
}
