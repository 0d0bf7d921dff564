//! Pieces the supervision pages share: figures, the trend chart, grades,
//! flags and the map's colour scale. All server HTML and SVG: no script.
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use wire::bureau::{Figures, Flag, Statistic};
use wire::money::yuan;

/// The bureau's stylesheet, only on its pages.
#[component]
pub fn BureauStyle() -> impl IntoView {
    view! { <leptos_meta::Stylesheet href="/bureau.css"/> }
}

/// The headline figures of a school or a district.
#[component]
pub fn FigureList(f: Figures, #[prop(optional)] flags: Option<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let rate = |s: Statistic| i18n::stat_value(s, s.value(&f, 0));
    let items: Vec<(M, String)> = vec![
        (M::Students, f.students.to_string()),
        (M::StatEnrolled, f.enrolled.to_string()),
        (M::StatParticipation, rate(Statistic::Participation)),
        (M::StatPriority, rate(Statistic::Priority)),
        (M::StatWaived, rate(Statistic::Waived)),
        (M::StatAttendance, rate(Statistic::Attendance)),
        (M::ChildDays, f.child_days.to_string()),
        (M::StatStaff, f.staff.to_string()),
        (M::OutsideStaff, f.outside_staff.to_string()),
        (M::PartnerVendors, f.vendors.to_string()),
        (M::StatIncidents, f.incidents.to_string()),
        (M::StatFees, yuan(f.charged_fen)),
        (M::FeesPaid, yuan(f.paid_fen)),
        (M::Subsidy, yuan(f.subsidy_fen)),
        (M::StatSatisfaction, rate(Statistic::Satisfaction)),
    ];
    view! {
        <dl class="stats">
            {items.into_iter().map(|(m, v)| view! { <div><dt>{move || i18n.t(m)}</dt><dd>{v}</dd></div> }).collect_view()}
            {flags.map(|n| view! { <div><dt>{move || i18n.t(M::StatFlags)}</dt><dd data-flags=n>{n}</dd></div> })}
        </dl>
    }
}

/// A statistic over the months as bars, drawn on the server.
#[component]
pub fn TrendChart(trend: Vec<(String, Figures)>, stat: Statistic) -> impl IntoView {
    let i18n = use_i18n();
    let values: Vec<(String, Option<i64>)> = trend.iter().map(|(m, f)| (m.clone(), stat.value(f, 0))).collect();
    let max = values.iter().filter_map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let (w, h, top, bar) = (40.0, 120.0, 18.0, 26.0);
    let width = w * values.len() as f64;
    view! {
        <svg class="chart" viewBox=format!("0 0 {width} {}", h + top + 16.0) role="img" aria-label=move || format!("{} · {}", i18n.t(M::Trend), i18n.t(i18n::statistic(stat)))>
            {values.into_iter().enumerate().map(|(i, (month, v))| {
                let x = i as f64 * w + (w - bar) / 2.0;
                let bh = v.map_or(0.0, |v| v as f64 / max * h);
                let label = i18n::stat_value(stat, v);
                view! {
                    <g>
                        <rect x=x y=top + h - bh width=bar height=bh><title>{format!("{month}: {label}")}</title></rect>
                        <text x=x + bar / 2.0 y=top + h - bh - 4.0 text-anchor="middle">{label.clone()}</text>
                        <text x=x + bar / 2.0 y=top + h + 13.0 text-anchor="middle">{month.get(5..).unwrap_or_default().to_string()}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

/// Figures per grade level.
#[component]
pub fn GradeTable(grades: Vec<(i32, Figures)>) -> impl IntoView {
    let i18n = use_i18n();
    let rate = |s: Statistic, f: &Figures| i18n::stat_value(s, s.value(f, 0));
    view! {
        <table class="data">
            <thead><tr>
                <th>{move || i18n.t(M::Grade)}</th><th class="num">{move || i18n.t(M::Students)}</th><th class="num">{move || i18n.t(M::StatEnrolled)}</th>
                <th class="num">{move || i18n.t(M::StatParticipation)}</th><th class="num">{move || i18n.t(M::StatPriority)}</th><th class="num">{move || i18n.t(M::StatAttendance)}</th>
            </tr></thead>
            <tbody>
                {grades.into_iter().map(|(level, f)| view! {
                    <tr>
                        <td>{move || i18n::msg::grade_level(i18n.lang.get(), level)}</td>
                        <td class="num">{f.students}</td><td class="num">{f.enrolled}</td>
                        <td class="num">{rate(Statistic::Participation, &f)}</td><td class="num">{rate(Statistic::Priority, &f)}</td>
                        <td class="num">{rate(Statistic::Attendance, &f)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Flags with their rule, evidence (linked) and the seed clause.
#[component]
pub fn FlagTable(flags: Vec<Flag>, #[prop(optional)] with_school: bool, #[prop(default = M::NoFlags)] empty: M) -> impl IntoView {
    let i18n = use_i18n();
    if flags.is_empty() {
        return view! { <p>{move || i18n.t(empty)}</p> }.into_any();
    }
    view! {
        <div class="scroll">
            <table class="data flag-list">
                <thead><tr>
                    <th>{move || i18n.t(M::School)}</th><th>{move || i18n.t(M::Rule)}</th>
                    <th>{move || i18n.t(M::Evidence)}</th><th>{move || i18n.t(M::SeedClause)}</th>
                </tr></thead>
                <tbody>
                    {flags.into_iter().map(|f| {
                        let rule = i18n::rule(f.rule);
                        let evidence = f.evidence.clone();
                        let school = if with_school { format!("/school/{}/supervision", f.school) } else { String::new() };
                        view! {
                            <tr data-rule=f.rule.as_str()>
                                <td>{if with_school { view! { <a href=school>{f.school_name.clone()}</a> }.into_any() } else { f.school_name.clone().into_any() }}</td>
                                <td>{move || i18n.t(rule)}</td>
                                <td><a href=f.link.clone()>{move || i18n::evidence(&evidence, i18n.lang.get())}</a></td>
                                <td>{f.clause.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Five colour classes over the schools' values: quantiles, or fixed steps
/// for counts of flags; `None` reads as no data.
pub struct Scale {
    pub stat: Statistic,
    cuts: Vec<i64>,
}

impl Scale {
    pub fn new(stat: Statistic, values: impl Iterator<Item = Option<i64>>) -> Scale {
        let mut v: Vec<i64> = values.flatten().collect();
        v.sort_unstable();
        let cuts = if stat == Statistic::Flags {
            vec![0, 1, 2, 4]
        } else if v.is_empty() {
            Vec::new()
        } else {
            let mut c: Vec<i64> = (1..5).map(|k| v[(v.len() * k / 5).min(v.len() - 1)]).collect();
            c.dedup();
            c
        };
        Scale { stat, cuts }
    }

    /// `b0`…`b4`, or `bn`.
    pub fn class(&self, v: Option<i64>) -> &'static str {
        const CLASSES: [&str; 5] = ["b0", "b1", "b2", "b3", "b4"];
        match v {
            None => "bn",
            Some(v) => CLASSES[self.cuts.iter().filter(|c| v > **c).count().min(4)],
        }
    }

    /// Each class with the range it covers, for the legend.
    pub fn legend(&self) -> Vec<(&'static str, String)> {
        let t = |v: i64| i18n::stat_value(self.stat, Some(v));
        let mut out = Vec::new();
        let mut low: Option<i64> = None;
        for (i, c) in self.cuts.iter().enumerate() {
            let text = match low {
                None => format!("≤ {}", t(*c)),
                Some(l) if l + 1 == *c => t(*c),
                Some(l) => format!("{} – {}", t(l + 1), t(*c)),
            };
            out.push((["b0", "b1", "b2", "b3", "b4"][i.min(4)], text));
            low = Some(*c);
        }
        if let Some(l) = low {
            out.push((["b0", "b1", "b2", "b3", "b4"][self.cuts.len().min(4)], format!("> {}", t(l))));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_cuts_and_the_legend_names_them() {
        let s = Scale::new(Statistic::Flags, [Some(0), Some(3)].into_iter());
        assert_eq!(s.class(Some(0)), "b0");
        assert_eq!(s.class(Some(1)), "b1");
        assert_eq!(s.class(Some(3)), "b3");
        assert_eq!(s.class(Some(9)), "b4");
        assert_eq!(s.class(None), "bn");
        assert_eq!(s.legend().len(), 5);
        let q = Scale::new(Statistic::Enrolled, (1..=100).map(Some));
        assert_eq!(q.class(Some(1)), "b0");
        assert_eq!(q.class(Some(100)), "b4");
        let empty = Scale::new(Statistic::Enrolled, std::iter::empty());
        assert_eq!(empty.class(Some(5)), "b0");
        assert!(empty.legend().is_empty());
    }
}
