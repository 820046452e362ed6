//! Whose actions a report covers (the whole organisation or one unit), and
//! the identity of one report: year, language and scope.

use std::path::PathBuf;

use crate::core::Lang;
use crate::diagnostics::Diagnostic;
use crate::model::framework::{Framework, ORGANISATION_SCOPE};
use crate::model::progress::{Action, Indicator};

/// Whose actions a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeSel {
    Organisation,
    Unit(String),
}

impl ScopeSel {
    /// The organisation first, then each unit in framework order.
    pub fn all(framework: &Framework) -> Vec<ScopeSel> {
        std::iter::once(ScopeSel::Organisation)
            .chain(
                framework
                    .units
                    .iter()
                    .map(|u| ScopeSel::Unit(u.id.value.clone())),
            )
            .collect()
    }

    /// The scope a file-name part names: `org` or a unit id.
    pub fn from_name(name: &str) -> ScopeSel {
        if name == ORGANISATION_SCOPE {
            ScopeSel::Organisation
        } else {
            ScopeSel::Unit(name.to_string())
        }
    }

    /// The scope's part of the output file name.
    pub fn name(&self) -> &str {
        match self {
            ScopeSel::Organisation => ORGANISATION_SCOPE,
            ScopeSel::Unit(id) => id,
        }
    }

    pub(super) fn includes(&self, action: &Action) -> bool {
        match self {
            ScopeSel::Organisation => true,
            ScopeSel::Unit(id) => action.unit == *id,
        }
    }

    /// Organisation reports show every KPI; a unit's, those of the
    /// operational objectives it leads.
    pub(super) fn includes_indicator(&self, framework: &Framework, indicator: &Indicator) -> bool {
        match self {
            ScopeSel::Organisation => true,
            ScopeSel::Unit(id) => framework
                .operational_objective(&indicator.objective)
                .is_some_and(|o| o.unit.value == *id),
        }
    }

    pub(super) fn includes_diagnostic(&self, diagnostic: &Diagnostic) -> bool {
        match self {
            ScopeSel::Organisation => true,
            ScopeSel::Unit(id) => diagnostic.unit.as_deref() == Some(id.as_str()),
        }
    }
}

/// One report: a year, a language and a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub year: i32,
    pub lang: Lang,
    pub scope: ScopeSel,
}

impl Job {
    /// `<year>/<lang>/<plan-id>-<year>-<scope>-<lang>.pdf`, relative to the
    /// output folder.
    pub fn relative_path(&self, plan_id: &str) -> PathBuf {
        PathBuf::from(self.year.to_string())
            .join(self.lang.code())
            .join(crate::audit::report_file_name(
                plan_id,
                self.year,
                self.scope.name(),
                self.lang,
            ))
    }

    /// Every report of the plan: the years asked for (all when empty) ×
    /// languages × (organisation + units).
    pub fn all(framework: &Framework, years: &[i32], languages: &[Lang]) -> Vec<Job> {
        let scopes = ScopeSel::all(framework);
        let mut jobs = Vec::new();
        for year in years {
            for lang in languages {
                for scope in &scopes {
                    jobs.push(Job {
                        year: *year,
                        lang: *lang,
                        scope: scope.clone(),
                    });
                }
            }
        }
        jobs
    }
}
