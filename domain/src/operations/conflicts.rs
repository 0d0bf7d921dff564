//! The conflict finder (S3): everything in a week's timetable that the
//! district's policy, the plan, the rooms or the people do not allow. Pure:
//! the timetable service gathers the facts and refuses to publish while
//! anything is found.
use crate::policy::PolicySettings;
use chrono::{Duration, NaiveTime};
use std::collections::{BTreeMap, HashMap};
use wire::ids::{GroupId, RoomId, StaffId, StudentId};
use wire::operations::{Clearance, Conflict, Session, StaffKind};
use wire::plan::{ActivityKind, PlanContent, Season, ServiceType};

/// What the finder looks at.
pub struct Facts<'a> {
    pub plan: &'a PlanContent,
    pub policy: &'a PolicySettings,
    /// The school's setting: most children one adult looks after.
    pub children_per_adult: u32,
    pub sessions: &'a [Session],
    pub capacity: &'a HashMap<RoomId, u32>,
    /// Each group's children, with their names.
    pub members: &'a HashMap<GroupId, Vec<(StudentId, String)>>,
    /// Each scheduled person's clearance over the whole term.
    pub clearance: &'a HashMap<StaffId, Clearance>,
    /// (group, child) of children whose place or signed agreement ended.
    pub without_agreement: &'a [(String, String)],
}

fn minutes(s: &Session) -> i64 {
    (s.ends_at - s.starts_at).num_minutes()
}

fn overlap(a: &Session, b: &Session) -> bool {
    a.weekday == b.weekday && a.starts_at < b.ends_at && b.starts_at < a.ends_at
}

/// Every conflict, in a stable order: pairs first, then per session, then
/// per day and for the whole week.
pub fn find(f: &Facts<'_>) -> Vec<Conflict> {
    use Conflict as C;
    let mut out = Vec::new();
    let empty = Vec::new();
    let members = |g: GroupId| f.members.get(&g).unwrap_or(&empty);
    for (i, a) in f.sessions.iter().enumerate() {
        for b in f.sessions[i + 1..].iter().filter(|b| overlap(a, b)) {
            let (first, second) = (a.id, b.id);
            if a.room == b.room {
                out.push(C::RoomDoubleBooked { first, second, room: b.room_name.clone() });
            }
            for p in b.adults.iter().filter(|p| a.adults.iter().any(|q| q.staff == p.staff)) {
                out.push(C::PersonDoubleBooked { first, second, person: p.name.clone() });
            }
            if a.group == b.group {
                out.push(C::GroupDoubleBooked { first, second, group: b.group_name.clone() });
            } else if let Some((_, child)) = members(b.group).iter().find(|(s, _)| members(a.group).iter().any(|(t, _)| t == s)) {
                out.push(C::ChildDoubleBooked { first, second, child: child.clone() });
            }
        }
    }
    let rules = &f.policy.service_time;
    let dismissal = f.plan.dismissal_time;
    let mut latest = dismissal + Duration::minutes(i64::from(rules.max_minutes()));
    if latest < dismissal {
        latest = NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(latest);
    }
    if let Some(end) = rules.latest_end {
        latest = latest.min(end);
    }
    for s in f.sessions {
        let session = s.id;
        let children = members(s.group).len() as u32;
        let adults = s.adults.len() as u32;
        if adults == 0 {
            out.push(C::NoSupervisor { session });
        }
        if let Some(&capacity) = f.capacity.get(&s.room).filter(|c| children > **c) {
            out.push(C::OverRoomCapacity { session, children, capacity });
        }
        if adults > 0 && children > f.children_per_adult * adults {
            out.push(C::RatioTooLow { session, children, adults, per_adult: f.children_per_adult });
        }
        if !f.plan.weekdays.contains(&s.weekday) || (f.policy.weekdays_only && s.weekday > 5) {
            out.push(C::NotAServiceDay { session });
        }
        if !f.policy.service_types.contains(&s.service_type) {
            out.push(C::ServiceTypeNotAllowed { session, service_type: s.service_type });
        } else if !f.plan.service_types.contains(&s.service_type) {
            out.push(C::ServiceTypeNotInPlan { session, service_type: s.service_type });
        }
        if s.activity.is_forbidden() {
            out.push(C::ForbiddenActivity { session, activity: s.activity });
        } else if !f.plan.activities.contains(&s.activity) {
            out.push(C::ActivityNotInPlan { session, activity: s.activity });
        }
        if f.policy.outside_interest_classes_forbidden
            && s.activity == ActivityKind::InterestClass
            && s.adults.iter().any(|a| a.kind == StaffKind::VendorStaff)
        {
            out.push(C::OutsideInterestClass { session });
        }
        for a in &s.adults {
            let clearance = f.clearance.get(&a.staff).cloned().unwrap_or(Clearance::NotVetted);
            if !clearance.is_cleared() {
                out.push(C::NotCleared { session, person: a.name.clone(), clearance });
            }
        }
        if s.service_type == ServiceType::Lunch && !s.adults.iter().any(|a| a.dining) {
            out.push(C::NoDiningTeacher { session });
        }
        if s.service_type == ServiceType::AfterSchool {
            if s.starts_at < dismissal {
                out.push(C::BeforeDismissal { session, dismissal });
            }
            if s.ends_at > latest {
                out.push(C::EndsTooLate { session, latest });
            }
            if let Some(len) = rules.period_minutes.filter(|len| minutes(s) != i64::from(*len)) {
                out.push(C::PeriodLength { session, minutes: len });
            }
        }
    }
    day_rules(f, &mut out);
    share_rule(f, &mut out);
    for (group, child) in f.without_agreement {
        out.push(C::NoAgreement { group: group.clone(), child: child.clone() });
    }
    out
}

/// Periods per group and day [002], and the day's end by season [003].
fn day_rules(f: &Facts<'_>, out: &mut Vec<Conflict>) {
    let rules = &f.policy.service_time;
    let after_school = || f.sessions.iter().filter(|s| s.service_type == ServiceType::AfterSchool);
    if let Some(max) = rules.max_periods {
        let mut per: BTreeMap<(u8, i64), (usize, &str)> = BTreeMap::new();
        for s in after_school() {
            let e = per.entry((s.weekday, s.group.0)).or_insert((0, &s.group_name));
            e.0 += 1;
        }
        for ((weekday, _), (n, group)) in per {
            if n > usize::from(max) {
                out.push(Conflict::TooManyPeriods { group: group.to_string(), weekday, max });
            }
        }
    }
    let mut day_end: BTreeMap<u8, NaiveTime> = BTreeMap::new();
    for s in after_school() {
        let e = day_end.entry(s.weekday).or_insert(s.ends_at);
        *e = (*e).max(s.ends_at);
    }
    let seasons = seasons_of(f);
    for (weekday, end) in day_end {
        for (season, earliest) in [(Season::Summer, rules.earliest_end_summer), (Season::Winter, rules.earliest_end_winter)] {
            if let Some(earliest) = earliest.filter(|e| seasons.contains(&season) && end < *e) {
                out.push(Conflict::EndsTooEarly { weekday, season, earliest });
            }
        }
    }
}

/// The seasons the plan's term runs in.
fn seasons_of(f: &Facts<'_>) -> Vec<Season> {
    let mut out = Vec::new();
    for day in f.plan.term_start.iter_days().take_while(|d| *d <= f.plan.term_end) {
        let s = f.policy.service_time.season(day);
        if !out.contains(&s) {
            out.push(s);
        }
        if out.len() == 2 {
            break;
        }
    }
    out
}

/// Outside staff's share of the staff hours [000][002][003].
fn share_rule(f: &Facts<'_>, out: &mut Vec<Conflict>) {
    let Some(below) = f.policy.outside_staff_below_percent else { return };
    let (mut total, mut outside) = (0i64, 0i64);
    for s in f.sessions {
        for a in &s.adults {
            total += minutes(s);
            if a.kind.is_outside() {
                outside += minutes(s);
            }
        }
    }
    if total > 0 && outside * 100 >= i64::from(below) * total {
        out.push(Conflict::OutsideStaffShare { percent: (outside * 100 / total) as u32, below });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::preset;
    use chrono::NaiveDate;
    use wire::ids::SessionId;
    use wire::operations::SessionAdult;

    const SEEDS: [&str; 5] = ["000", "001", "002", "003", "004"];

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    /// A winter term's plan every seed's time rules accept: dismissal at
    /// 16:40, two 40-minute periods to 18:00.
    fn plan() -> PlanContent {
        let mut p = crate::testing::sample_plan(0);
        p.term_start = NaiveDate::from_ymd_opt(2026, 11, 2).expect("d");
        p.term_end = NaiveDate::from_ymd_opt(2027, 1, 22).expect("d");
        p.dismissal_time = t(16, 40);
        p.service_types = vec![ServiceType::AfterSchool, ServiceType::Lunch];
        p.activities.push(ActivityKind::InterestClass);
        p
    }

    fn adult(id: i64, kind: StaffKind) -> SessionAdult {
        SessionAdult { staff: StaffId(id), name: format!("adult {id}"), kind, dining: false }
    }

    fn session(id: i64, weekday: u8, from: NaiveTime, to: NaiveTime, room: i64, group: i64, adults: Vec<SessionAdult>) -> Session {
        Session {
            id: SessionId(id),
            weekday,
            starts_at: from,
            ends_at: to,
            service_type: ServiceType::AfterSchool,
            activity: ActivityKind::HomeworkHelp,
            title: String::new(),
            room: RoomId(room),
            room_name: format!("room {room}"),
            group: GroupId(group),
            group_name: format!("group {group}"),
            children: 0,
            adults,
        }
    }

    /// Two groups in two rooms, two periods each day they meet, each with a
    /// teacher; one volunteer helps on one period (a small outside share).
    struct World {
        plan: PlanContent,
        sessions: Vec<Session>,
        capacity: HashMap<RoomId, u32>,
        members: HashMap<GroupId, Vec<(StudentId, String)>>,
        clearance: HashMap<StaffId, Clearance>,
        without_agreement: Vec<(String, String)>,
        per_adult: u32,
    }

    impl World {
        fn clean() -> World {
            let mut sessions = Vec::new();
            let mut id = 0;
            for weekday in 1..=5 {
                for (room, group, teacher) in [(1, 1, 1), (2, 2, 2)] {
                    for (from, to) in [(t(16, 40), t(17, 20)), (t(17, 20), t(18, 0))] {
                        id += 1;
                        sessions.push(session(id, weekday, from, to, room, group, vec![adult(teacher, StaffKind::Teacher)]));
                    }
                }
            }
            sessions[0].adults.push(adult(3, StaffKind::Volunteer));
            let kids = |from: i64| (from..from + 20).map(|i| (StudentId(i), format!("child {i}"))).collect::<Vec<_>>();
            let until = NaiveDate::from_ymd_opt(2027, 8, 31).expect("d");
            World {
                plan: plan(),
                sessions,
                capacity: HashMap::from([(RoomId(1), 40), (RoomId(2), 40)]),
                members: HashMap::from([(GroupId(1), kids(1)), (GroupId(2), kids(100))]),
                clearance: (1..=6).map(|i| (StaffId(i), Clearance::Cleared { until })).collect(),
                without_agreement: Vec::new(),
                per_adult: 25,
            }
        }

        fn find(&self, seed: &str) -> Vec<Conflict> {
            let policy = preset(seed).expect("preset");
            find(&Facts {
                plan: &self.plan,
                policy: &policy,
                children_per_adult: self.per_adult,
                sessions: &self.sessions,
                capacity: &self.capacity,
                members: &self.members,
                clearance: &self.clearance,
                without_agreement: &self.without_agreement,
            })
        }
    }

    fn kinds(found: &[Conflict]) -> Vec<String> {
        found.iter().map(|c| serde_json::to_value(c).expect("json")["conflict"].as_str().expect("tag").to_string()).collect()
    }

    /// `change` makes exactly the conflict `kind` under each seed in `where_`
    /// and nothing under the other seeds.
    fn expect(kind: &str, where_: &[&str], change: impl Fn(&mut World)) {
        let mut w = World::clean();
        change(&mut w);
        for seed in SEEDS {
            let got = kinds(&w.find(seed));
            if where_.contains(&seed) {
                assert!(got.iter().all(|k| k == kind) && !got.is_empty(), "{kind} under {seed}: found {got:?}");
            } else {
                assert!(got.is_empty(), "nothing under {seed} for the {kind} case: found {got:?}");
            }
        }
    }

    #[test]
    fn a_clean_timetable_has_no_conflict_under_any_seed() {
        for seed in SEEDS {
            assert_eq!(World::clean().find(seed), Vec::new(), "seed {seed}");
        }
    }

    #[test]
    fn each_double_booking_is_found() {
        expect("room_double_booked", &SEEDS, |w| w.sessions[2].room = RoomId(1));
        expect("person_double_booked", &SEEDS, |w| w.sessions[2].adults[0].staff = StaffId(1));
        // Group 1 keeps two periods on Monday, at the same time.
        expect("group_double_booked", &SEEDS, |w| {
            w.sessions.remove(1);
            w.sessions[1].group = GroupId(1);
            w.sessions[1].group_name = "group 1".into();
        });
        expect("child_double_booked", &SEEDS, |w| {
            let shared = w.members[&GroupId(1)][0].clone();
            w.members.get_mut(&GroupId(2)).expect("g").push(shared);
        });
    }

    #[test]
    fn people_rooms_and_ratios_are_checked() {
        expect("no_supervisor", &SEEDS, |w| w.sessions[3].adults.clear());
        expect("over_room_capacity", &SEEDS, |w| {
            w.capacity.insert(RoomId(2), 15);
        });
        expect("ratio_too_low", &SEEDS, |w| w.per_adult = 10);
        expect("not_cleared", &SEEDS, |w| {
            w.clearance.insert(StaffId(2), Clearance::NotVetted);
        });
        expect("not_cleared", &SEEDS, |w| {
            w.clearance.insert(StaffId(2), Clearance::Expires { until: NaiveDate::from_ymd_opt(2026, 12, 31).expect("d") });
        });
        expect("not_cleared", &SEEDS, |w| {
            w.clearance.insert(StaffId(3), Clearance::NoSafetyAgreement);
        });
        expect("no_agreement", &SEEDS, |w| w.without_agreement.push(("group 1".into(), "child 1".into())));
    }

    #[test]
    fn times_follow_each_districts_rules() {
        // Starting before dismissal: everywhere [002]'s rule and the plain
        // meaning of after-school.
        expect("before_dismissal", &SEEDS, |w| {
            w.sessions[0].starts_at = t(16, 0);
            w.sessions[0].ends_at = t(16, 40);
        });
        // One period of 60 minutes instead of 40 (002 only); ending 18:00 still.
        expect("period_length", &["002"], |w| {
            w.sessions[1].starts_at = t(17, 0);
            w.sessions[0].ends_at = t(17, 0);
        });
        // A third period to 18:40, 120 minutes after dismissal: over 000's
        // 105, 001's 90 and 004's 18:00; over 002's two periods as well;
        // within 003's 120.
        let mut w = World::clean();
        w.sessions.retain(|s| s.group == GroupId(1) && s.weekday == 1);
        w.sessions.push(session(99, 1, t(18, 0), t(18, 40), 1, 1, vec![adult(1, StaffKind::Teacher)]));
        for seed in ["000", "001", "004"] {
            assert_eq!(kinds(&w.find(seed)), ["ends_too_late"], "seed {seed}");
        }
        assert_eq!(kinds(&w.find("002")), ["ends_too_late", "too_many_periods"]);
        assert_eq!(w.find("003"), Vec::new());
        // Ending at 17:20: before 003's 18:00 in winter.
        expect("ends_too_early", &["003"], |w| {
            w.sessions.retain(|s| s.ends_at <= t(17, 20));
        });
        expect("not_a_service_day", &SEEDS, |w| {
            for s in w.sessions.iter_mut().filter(|s| s.weekday == 5) {
                s.weekday = 6;
            }
        });
    }

    #[test]
    fn a_third_period_is_too_many_only_where_periods_are_counted() {
        let mut w = World::clean();
        w.sessions.retain(|s| !(s.group == GroupId(1) && s.weekday == 1));
        w.sessions.extend([
            session(91, 1, t(16, 40), t(17, 0), 1, 1, vec![adult(1, StaffKind::Teacher)]),
            session(92, 1, t(17, 0), t(17, 20), 1, 1, vec![adult(1, StaffKind::Teacher)]),
            session(93, 1, t(17, 20), t(18, 0), 1, 1, vec![adult(1, StaffKind::Teacher)]),
        ]);
        let got = kinds(&w.find("002"));
        assert!(got.contains(&"too_many_periods".to_string()), "{got:?}");
        for seed in ["000", "001", "003", "004"] {
            assert_eq!(w.find(seed), Vec::new(), "seed {seed}");
        }
    }

    #[test]
    fn activities_and_service_kinds_follow_the_plan_and_the_policy() {
        expect("forbidden_activity", &SEEDS, |w| w.sessions[4].activity = ActivityKind::Exams);
        expect("activity_not_in_plan", &SEEDS, |w| w.sessions[4].activity = ActivityKind::Films);
        // Lunch is a service kind only 004 allows; the plan offers it.
        let lunch = |w: &mut World| {
            let mut s = session(80, 3, t(12, 0), t(12, 40), 1, 1, vec![SessionAdult { dining: true, ..adult(4, StaffKind::Teacher) }]);
            s.service_type = ServiceType::Lunch;
            w.sessions.push(s);
        };
        let mut w = World::clean();
        lunch(&mut w);
        assert_eq!(w.find("004"), Vec::new(), "a lunch with a dining teacher is fine under 004");
        for seed in ["000", "001", "002", "003"] {
            assert_eq!(kinds(&w.find(seed)), ["service_type_not_allowed"], "seed {seed}");
        }
        w.sessions.last_mut().expect("lunch").adults[0].dining = false;
        assert_eq!(kinds(&w.find("004")), ["no_dining_teacher"]);
        let mut w = World::clean();
        lunch(&mut w);
        w.plan.service_types = vec![ServiceType::AfterSchool];
        assert_eq!(kinds(&w.find("004")), ["service_type_not_in_plan"]);
    }

    #[test]
    fn outside_institutions_and_outside_hours_are_limited_where_policy_says() {
        // A vendor's interest class: forbidden under 003 only.
        expect("outside_interest_class", &["003"], |w| {
            w.sessions[5].activity = ActivityKind::InterestClass;
            w.sessions[5].adults = vec![adult(4, StaffKind::VendorStaff)];
        });
        // Vendor staff on 9 of 20 sessions plus the volunteer's period:
        // 10 of 21 staff periods, 47.6 %: fine under 50 %; on 10 of 20, 52 %.
        let vendor_on = |n: usize| {
            move |w: &mut World| {
                for s in w.sessions.iter_mut().filter(|s| s.group == GroupId(2)).take(n) {
                    s.adults = vec![adult(4, StaffKind::VendorStaff)];
                }
            }
        };
        let mut w = World::clean();
        vendor_on(9)(&mut w);
        for seed in SEEDS {
            assert_eq!(w.find(seed), Vec::new(), "47.6 % outside under {seed}");
        }
        expect("outside_staff_share", &["002", "003"], vendor_on(10));
        // Everything handed out: refused by 000 as well [000].
        expect("outside_staff_share", &["000", "002", "003"], |w| {
            for s in &mut w.sessions {
                s.adults = vec![adult(3 + s.group.0, StaffKind::VendorStaff)];
            }
        });
    }
}
