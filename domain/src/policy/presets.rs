//! The presets of the five seed districts (000–004), one per seed document.
use wire::enrolment::ReviewStep;
use wire::money::ProofStep;
use wire::plan::{BillingPeriod, ServiceType};
use super::settings::*;

/// The policy each seed document describes, keyed by seed number.
pub fn preset(seed: &str) -> Option<PolicySettings> {
    use FundingModel::*;
    use PriorityGroup::*;
    use ReviewStep::*;
    use VendorApprovalStep::*;
    let base = PolicySettings {
        funding: Funding {
            model: GovernmentFunded,
            subsidy_fen_per_student_day: None,
            city_share_percent_district_schools: 0,
            city_share_percent_other_schools: 0,
            fee_cap_fen_per_month: None,
            fee_filing_required: false,
            fee_cap_basis_minutes: None,
            other_fee_needs_consent: false,
            fee_rise_needs_approval: false,
            staff_pay_basis: StaffPayBasis::Income,
            surplus_refunded: false,
            disclosure_due_day: default_disclosure_due_day(),
        },
        low_income_waiver: false,
        priority_groups: vec![LeftBehind, MigrantWorker],
        tie_break: TieBreak::SubmissionOrder,
        weekdays_only: true,
        service_time: ServiceTime {
            max_minutes_after_dismissal: 90,
            period_minutes: None,
            max_periods: None,
            earliest_end_summer: None,
            earliest_end_winter: None,
            latest_end: None,
            summer_from_month: summer_from(),
            summer_until_month: summer_until(),
        },
        service_types: vec![ServiceType::AfterSchool],
        billing_periods: vec![BillingPeriod::Semester],
        staff_pay_min_percent: 80,
        review_chain: vec![ClassTeacher, School],
        notice_days: 3,
        vendor_approval: vec![DistrictBureau],
        scorers_do_not_approve: false,
        min_bidders: 1,
        blacklist_years: 6,
        accident_insurance: InsuranceRule::Encouraged,
        outside_staff_below_percent: None,
        outside_interest_classes_forbidden: false,
        incident_report_days: default_incident_report_days(),
        standstill_days: default_standstill_days(),
        bid_count_before_opening: false,
        proof_review: Vec::new(),
        reports: Reports::default(),
    };
    let p = match seed {
        // Changchun Jingyue: free, 2 yuan per student-day, city:district 6:4,
        // "about 90 minutes" after dismissal (a quarter hour's leeway).
        "000" => PolicySettings {
            service_time: ServiceTime { max_minutes_after_dismissal: 105, ..base.service_time.clone() },
            funding: Funding {
                subsidy_fen_per_student_day: Some(200),
                city_share_percent_district_schools: 60,
                city_share_percent_other_schools: 100,
                // 90% of the funds for pay, 10% for running costs.
                staff_pay_basis: StaffPayBasis::Spending,
                ..base.funding.clone()
            },
            staff_pay_min_percent: 90,
            // 严禁将课后托管全盘委托给社会机构.
            outside_staff_below_percent: Some(100),
            // 建立"月报告"制度.
            reports: Reports { monthly_due_day: Some(10), ..Reports::default() },
            ..base
        },
        // A Hubei city: parents share the cost through the family committee.
        "001" => PolicySettings {
            // 结余部分应及时退还.
            funding: Funding { model: ParentsShare, surplus_refunded: true, ..base.funding.clone() },
            billing_periods: vec![BillingPeriod::Monthly, BillingPeriod::Semester],
            review_chain: vec![FamilyCommittee, School],
            // 形成绩效报告，于每年12月报教育行政部门备案.
            reports: Reports { annual_due: Some(AnnualDue::December), ..Reports::default() },
            ..base
        },
        // Zaozhuang: subsidy plus a fee capped at 100 yuan per month, 40-minute periods.
        "002" => PolicySettings {
            funding: Funding {
                model: SubsidyPlusFee,
                fee_cap_fen_per_month: Some(10_000),
                ..base.funding.clone()
            },
            low_income_waiver: true,
            proof_review: vec![ProofStep::School],
            service_time: ServiceTime {
                max_minutes_after_dismissal: 80,
                period_minutes: Some(40),
                max_periods: Some(2),
                ..base.service_time.clone()
            },
            vendor_approval: vec![AdmissionPanel, SchoolParty, DistrictBureau, CityBureau],
            // 以在岗教师、职工为主.
            outside_staff_below_percent: Some(50),
            // 每年2月之前…将上年度本校课后服务开展情况…报.
            reports: Reports { annual_due: Some(AnnualDue::BeforeFebruary), ..Reports::default() },
            ..base
        },
        // Luohe: fee capped at 80 yuan per month; end no earlier than 18:30 / 18:00.
        "003" => PolicySettings {
            funding: Funding {
                model: FeeCapped,
                fee_cap_fen_per_month: Some(8_000),
                // 以工作日每天服务2小时…核定; 午间服务…按实际服务时间…征得家长委员会同意.
                fee_cap_basis_minutes: Some(120),
                other_fee_needs_consent: true,
                ..base.funding.clone()
            },
            low_income_waiver: true,
            proof_review: vec![ProofStep::School],
            priority_groups: vec![LeftBehind, MigrantWorker, Disabled, LowIncome],
            // 午间服务等其他形式课后服务.
            service_types: vec![ServiceType::AfterSchool, ServiceType::NoonRest],
            service_time: ServiceTime {
                max_minutes_after_dismissal: 120,
                earliest_end_summer: time(18, 30),
                earliest_end_winter: time(18, 0),
                ..base.service_time.clone()
            },
            accident_insurance: InsuranceRule::Required,
            // 以学校在职教职工为主; no outside 特色班、兴趣班、培优班.
            outside_staff_below_percent: Some(50),
            outside_interest_classes_forbidden: true,
            ..base
        },
        // Qujing: market-run, negotiated fee filed with the authorities,
        // three committee levels, tenders with at least 3 bidders.
        "004" => PolicySettings {
            funding: Funding {
                model: MarketNegotiated,
                fee_filing_required: true,
                fee_rise_needs_approval: true,
                // 据实结算.
                surplus_refunded: true,
                ..base.funding.clone()
            },
            // The school reviews a declared status's proof: no seed gives a
            // committee the file, which is sensitive personal information
            // (PIPL Art. 28); the committees decide applications on the
            // status the school approved.
            proof_review: vec![ProofStep::School],
            priority_groups: vec![LeftBehind, MigrantWorker, Disabled, LowIncome],
            service_time: ServiceTime {
                max_minutes_after_dismissal: 120,
                latest_end: time(18, 0),
                ..base.service_time.clone()
            },
            service_types: vec![ServiceType::AfterSchool, ServiceType::Lunch, ServiceType::NoonRest],
            billing_periods: vec![BillingPeriod::Monthly, BillingPeriod::Semester],
            review_chain: vec![ClassCommittee, GradeCommittee, SchoolCommittee],
            vendor_approval: vec![SchoolAndCommittee],
            scorers_do_not_approve: true,
            min_bidders: 3,
            ..base
        },
        _ => return None,
    };
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DomainError;

    #[test]
    fn every_seed_has_a_valid_preset() {
        for seed in ["000", "001", "002", "003", "004"] {
            let p = preset(seed).expect("preset");
            p.validate().expect("valid");
            let json = serde_json::to_string(&p).expect("json");
            assert_eq!(serde_json::from_str::<PolicySettings>(&json).expect("back"), p);
        }
        assert!(preset("999").is_none());
    }

    #[test]
    fn seeds_differ_where_the_documents_differ() {
        let p = |s| preset(s).expect("preset");
        assert_eq!(p("000").funding.subsidy_fen_per_student_day, Some(200));
        assert_eq!(p("002").funding.fee_cap_fen_per_month, Some(10_000));
        assert_eq!(p("003").funding.fee_cap_fen_per_month, Some(8_000));
        assert_eq!(p("003").service_time.earliest_end_summer, time(18, 30));
        assert_eq!(p("004").review_chain.len(), 3);
        assert_eq!(p("004").min_bidders, 3);
        assert_eq!(p("000").staff_pay_min_percent, 90);
        assert_eq!(p("002").staff_pay_min_percent, 80);
    }

    #[test]
    fn an_empty_review_chain_is_refused() {
        let mut p = preset("000").expect("preset");
        p.review_chain.clear();
        assert!(matches!(p.validate(), Err(DomainError::Invalid { field: "review_chain", .. })));
    }
}
