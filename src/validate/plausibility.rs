//! Warnings about an action's own figures that do not add up: progress
//! against status and dates, spending against budget, dates in order.

use super::*;

pub(super) fn plausibility(action: &Action, year: i32, diags: &mut Vec<Diagnostic>) {
    let id = &action.id;
    let o = &action.origin;
    if action.status == Status::Completed && action.progress < Decimal::ONE_HUNDRED {
        diags.push(
            warning(
                o,
                "progress",
                format!(
                    "action `{id}` is completed but its progress is {}%",
                    action.progress.normalize()
                ),
            )
            .finding(Finding::CompletedBelow {
                id: id.clone(),
                progress: action.progress,
            }),
        );
    }
    if action.status == Status::NotStarted && action.progress > Decimal::ZERO {
        diags.push(
            warning(
                o,
                "progress",
                format!(
                    "action `{id}` is not started but its progress is {}%",
                    action.progress.normalize()
                ),
            )
            .finding(Finding::NotStartedAbove {
                id: id.clone(),
                progress: action.progress,
            }),
        );
    }
    if let (Some(start), Some(due)) = (action.start, action.due)
        && due < start
    {
        diags.push(
            warning(
                o,
                "due",
                format!("action `{id}` is due ({due}) before it starts ({start})"),
            )
            .finding(Finding::DueBeforeStart {
                id: id.clone(),
                due,
                start,
            }),
        );
    }
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31);
    if let (Some(due), Some(year_end)) = (action.due, year_end)
        && due < year_end
        && !matches!(action.status, Status::Completed | Status::Cancelled)
    {
        diags.push(
            warning(
                o,
                "due",
                format!("action `{id}` was due on {due} and is not completed at the end of {year}"),
            )
            .finding(Finding::DuePassed {
                id: id.clone(),
                due,
                year,
            }),
        );
    }
    for (field, amount) in [
        ("budget_planned", action.budget_planned),
        ("budget_spent", action.budget_spent),
    ] {
        if amount.is_some_and(|a| a < Decimal::ZERO) {
            diags.push(
                warning(
                    o,
                    field,
                    format!("action `{id}` has a negative {}", field.replace('_', " ")),
                )
                .finding(Finding::NegativeBudget {
                    id: id.clone(),
                    spent: field == "budget_spent",
                }),
            );
        }
    }
    if let (Some(planned), Some(spent)) = (action.budget_planned, action.budget_spent)
        && spent > planned
    {
        diags.push(
            warning(
                o,
                "budget_spent",
                format!(
                    "action `{id}` spent {} of a planned {}",
                    spent.normalize(),
                    planned.normalize()
                ),
            )
            .finding(Finding::OverSpent {
                id: id.clone(),
                spent,
                planned,
            }),
        );
    }
    if matches!(action.status, Status::AtRisk | Status::Delayed) && action.comments.is_empty() {
        diags.push(
            warning(
                o,
                "comment",
                format!(
                    "action `{id}` is {} without a comment explaining why",
                    action.status.code().replace('_', " ")
                ),
            )
            .hint("add a comment: readers of the report need the reason")
            .finding(Finding::NoComment {
                id: id.clone(),
                status: action.status,
            }),
        );
    }
}
