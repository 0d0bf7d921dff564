//! What the compliance rules run over: a district's schools, the policy in
//! force and the day, and how a broken rule becomes a flag on a school.
use crate::entities::school;
use crate::ids::{CityId, DistrictId};
use crate::policy::PolicySettings;
use chrono::NaiveDate;
use wire::bureau::{Evidence, Flag, Rule};

/// The district's schools with what every rule needs to know of them.
pub struct Scope<'a> {
    pub district: DistrictId,
    pub city: CityId,
    pub schools: &'a [school::Model],
    pub rules: &'a PolicySettings,
    /// The seed whose policy the district follows, for the clauses.
    pub seed: Option<&'a str>,
    pub today: NaiveDate,
}

impl Scope<'_> {
    fn name(&self, school: i64) -> String {
        self.schools.iter().find(|s| s.id == school).map(|s| s.name.clone()).unwrap_or_default()
    }
    pub(crate) fn flag(&self, school: i64, rule: Rule, evidence: Evidence, link: String) -> Flag {
        Flag { school: wire::ids::SchoolId(school), school_name: self.name(school), rule, clause: rule.clause_for(self.seed), evidence, link }
    }
}
