//! The five seed districts: their cities, named schools and term plans, the
//! names children and guardians are drawn from, and the shape of each scale.
use chrono::{Datelike, NaiveDate};
use domain::org::SchoolKind;
use wire::plan::{ActivityKind, BillingPeriod, PlanContent, ServiceType};

/// The password of every demo account. Demo data is for trying the product,
/// never for a real deployment.
pub const DEMO_PASSWORD: &str = "beilei-demo";
/// The demo schools' link codes stay valid for a school year.
pub(crate) const DEMO_LINK_CODE_DAYS: i32 = 365;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// The named schools, a few classes each: for trying the product.
    Demo,
    /// About 1,000 schools and 500,000 students: for benchmarks.
    City,
}

pub(crate) struct SeedDistrict {
    pub(crate) seed: &'static str,
    pub(crate) city: (&'static str, &'static str),
    pub(crate) district: (&'static str, &'static str),
    /// Centre of the district (longitude, latitude), for placing schools.
    pub(crate) centre: (f64, f64),
    pub(crate) schools: &'static [(&'static str, SchoolKind)],
}

pub(crate) const SEEDS: &[SeedDistrict] = &[
    SeedDistrict {
        seed: "000",
        city: ("220100", "长春市"),
        // 净月 lies in 南关区 (220102); the map joins on that code.
        district: ("220102", "长春净月高新技术产业开发区"),
        centre: (125.45, 43.80),
        schools: &[
            ("长春市第二实验小学净月分校", SchoolKind::CityDirect),
            ("长春净月高新技术产业开发区净月南环小学", SchoolKind::District),
            ("长春市第七十四中学（附设小学班）", SchoolKind::CityDirect),
            ("长春东师中信实验学校", SchoolKind::Private),
            ("东北师范大学附属实验学校（小学部）", SchoolKind::CityDirect),
            ("长春市第二实验东晨小学", SchoolKind::CityDirect),
            ("长春市第一实验中海小学", SchoolKind::CityDirect),
        ],
    },
    SeedDistrict {
        seed: "001",
        city: ("420500", "宜昌市"),
        district: ("420502", "西陵区"),
        centre: (111.29, 30.70),
        schools: &[
            ("宜昌市西陵区第一实验小学", SchoolKind::District),
            ("宜昌市西陵区绿萝路小学", SchoolKind::District),
            ("宜昌市外国语实验小学", SchoolKind::CityDirect),
            ("宜昌市西陵区东山小学", SchoolKind::District),
        ],
    },
    SeedDistrict {
        seed: "002",
        city: ("370400", "枣庄市"),
        district: ("370402", "市中区"),
        centre: (117.56, 34.86),
        schools: &[
            ("枣庄市市中区实验小学", SchoolKind::District),
            ("枣庄市市中区文化路小学", SchoolKind::District),
            ("枣庄市市中区光明路小学", SchoolKind::District),
            ("枣庄育才民办学校", SchoolKind::Private),
        ],
    },
    SeedDistrict {
        seed: "003",
        city: ("411100", "漯河市"),
        district: ("411102", "源汇区"),
        centre: (114.01, 33.57),
        schools: &[
            ("漯河市实验小学", SchoolKind::CityDirect),
            ("漯河市源汇区马路街小学", SchoolKind::District),
            ("漯河市源汇区受降路小学", SchoolKind::District),
            ("漯河市第三实验小学", SchoolKind::CityDirect),
        ],
    },
    SeedDistrict {
        seed: "004",
        city: ("530300", "曲靖市"),
        district: ("530302", "麒麟区"),
        centre: (103.80, 25.50),
        schools: &[
            ("曲靖市麒麟区第一小学", SchoolKind::District),
            ("曲靖市麒麟区南关小学", SchoolKind::District),
            ("曲靖市第一中学附属小学", SchoolKind::CityDirect),
            ("曲靖市麒麟区寥廓小学", SchoolKind::District),
        ],
    },
];

pub(crate) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
    "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
pub(crate) const GIVEN: &[&str] = &[
    "子", "梓", "浩", "宇", "欣", "怡", "涵", "轩", "博", "雨", "思", "佳", "嘉", "晨", "诗", "一", "可", "文",
    "睿", "俊", "萱", "泽", "辰", "悦", "然", "琪", "航", "昊", "瑶", "彤", "明", "阳", "安", "乐", "宁", "心",
];
pub(crate) const GRADE_NAMES: &[&str] = &["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"];

/// A small deterministic generator, so every demo load is the same.
pub(crate) struct Names(pub(crate) u64);

impl Names {
    pub(crate) fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
    pub(crate) fn person(&mut self, surname: Option<&str>) -> String {
        let s = surname.map(str::to_string).unwrap_or_else(|| SURNAMES[self.next(SURNAMES.len())].to_string());
        let a = GIVEN[self.next(GIVEN.len())];
        if self.next(3) == 0 { format!("{s}{a}") } else { format!("{s}{a}{}", GIVEN[self.next(GIVEN.len())]) }
    }
}

pub(crate) struct Shape {
    pub(crate) generated_schools_per_district: usize,
    pub(crate) classes_per_grade: usize,
    pub(crate) students_per_class: usize,
}

impl Scale {
    pub(crate) fn shape(self) -> Shape {
        match self {
            Scale::Demo => Shape { generated_schools_per_district: 0, classes_per_grade: 2, students_per_class: 6 },
            // 5 × 200 schools × 6 grades × 4 classes × 21 students = 504,000.
            Scale::City => Shape { generated_schools_per_district: 200, classes_per_grade: 4, students_per_class: 21 },
        }
    }
}

/// This term's plan for a seed district, within its policy.
pub(crate) fn demo_plan(seed: &SeedDistrict, today: NaiveDate) -> PlanContent {
    let time = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let (dismissal, summer_end, winter_end, fee, billing, filing) = match seed.seed {
        "000" => (time(16, 0), time(17, 30), time(17, 30), 0, BillingPeriod::Semester, ""),
        "001" => (time(16, 30), time(18, 0), time(18, 0), 12_000, BillingPeriod::Monthly, ""),
        "002" => (time(16, 40), time(18, 0), time(18, 0), 10_000, BillingPeriod::Semester, ""),
        "003" => (time(16, 40), time(18, 30), time(18, 0), 8_000, BillingPeriod::Semester, ""),
        _ => (time(16, 30), time(18, 0), time(18, 0), 15_000, BillingPeriod::Monthly, "曲发改收费〔2026〕8号"),
    };
    // District 004's demo school runs the service day from the start, so
    // its term is the one running when the demo is loaded (or the next).
    let (term_start, term_end, title) = if seed.seed == "004" {
        running_term(today)
    } else {
        (date(2026, 9, 1), date(2027, 1, 22), "2026—2027学年第一学期课后服务方案".to_string())
    };
    PlanContent {
        title,
        term_start,
        term_end,
        weekdays: vec![1, 2, 3, 4, 5],
        dismissal_time: dismissal,
        end_time_summer: summer_end,
        end_time_winter: winter_end,
        service_types: vec![ServiceType::AfterSchool],
        activities: vec![ActivityKind::HomeworkHelp, ActivityKind::Reading, ActivityKind::Sports, ActivityKind::Arts],
        capacity: 200,
        fee_fen_per_month: fee,
        billing_period: billing,
        fee_filing_reference: filing.into(),
        fee_filing_date: (!filing.is_empty()).then(|| date(2026, 8, 15)),
        liability_insurance: "校方责任险已由学校统一投保，保障在校托管期间的意外责任".into(),
        pickup_rules: format!("{} 起由家长或授权接送人在校门口凭接送卡接走；未按时接走的学生由值班教师看护", winter_end.format("%H:%M")),
        safety_measures: "门卫登记访客、分班分区看护、托管开始和结束各点名一次、值班校领导巡查".into(),
        emergency_plan: "发生意外由值班校领导统一指挥，第一时间送医并通知家长，重大情况立即报告区教育局".into(),
    }
}

/// The semester `today` falls in, or the next one in a holiday: autumn
/// from 1 September to 22 January, spring from 16 February to 10 July; with
/// the plan's title.
fn running_term(today: NaiveDate) -> (NaiveDate, NaiveDate, String) {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
    let autumn = |y: i32| (d(y, 9, 1), d(y + 1, 1, 22), format!("{y}—{}学年第一学期课后服务方案", y + 1));
    let spring = |y: i32| (d(y, 2, 16), d(y, 7, 10), format!("{}—{y}学年第二学期课后服务方案", y - 1));
    let y = today.year();
    if today <= d(y, 1, 22) {
        autumn(y - 1)
    } else if today <= d(y, 7, 10) {
        spring(y)
    } else {
        autumn(y)
    }
}

#[cfg(test)]
mod term_tests {
    use super::*;

    #[test]
    fn the_running_term_is_the_semester_or_the_next_one() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("d");
        assert_eq!(running_term(d(2026, 12, 1)).0, d(2026, 9, 1));
        assert_eq!(running_term(d(2027, 1, 22)).1, d(2027, 1, 22));
        assert_eq!(running_term(d(2027, 1, 23)).0, d(2027, 2, 16), "winter holiday: the spring term");
        assert_eq!(running_term(d(2027, 7, 11)).0, d(2027, 9, 1), "summer holiday: the autumn term");
        assert_eq!(running_term(d(2027, 3, 1)).2, "2026—2027学年第二学期课后服务方案");
    }
}
